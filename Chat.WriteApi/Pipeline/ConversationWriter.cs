using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.History;
using Chat.WriteApi.Realtime;
using Marten.Services.BatchQuerying;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using SessionOptions = Marten.Services.SessionOptions;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// What a conversation command did: for a send, the message (new, or the first one on a retry); for an edit, a deletion or a reaction,
/// the message as it now stands.
/// </summary>
public sealed record WriteOutcome(MessageSent? Message, bool Duplicate, MessageRevised? Revision = null);

/// <summary>
/// Group commit for conversation commands: concurrent commands share one Marten session, one batched read (of the
/// write models not in <see cref="WriteModelCache"/>, of the messages a retry may repeat, and of the documents the inline
/// projections will change) and one SaveChanges, so a commit costs the database once per batch, not per message
/// (docs/adr/0002-group-commit.md). Each caller is answered only after its events are committed. Every commit runs on the
/// loop's own connection, so one PostgreSQL backend, its statements prepared and its caches warm, serves them all.
/// </summary>
public sealed class ConversationWriter(IDocumentStore store, WriteModelCache cache, Delivery delivery, ILogger<ConversationWriter> logger) : BackgroundService
{
    public const int MaxBatchSize = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private NpgsqlConnection? _connection;

    /// <summary>The current batch's commit that the connection lost before PostgreSQL answered, if one did.</summary>
    private readonly InDoubtCommit _inDoubt = new();

    public async Task<WriteOutcome> Submit(ConversationCommand command, CancellationToken ct)
    {
        var pending = new Pending(command, new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            _inDoubt.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await CommitWithRetry(batch, stoppingToken);
            }
            catch (Exception e) when (batch.Count > 1 && e is not OperationCanceledException)
            {
                // One command may be what breaks the shared commit: give each its own, so only that one fails.
                logger.LogWarning(e, "A group commit of {Count} commands failed; committing them one by one", batch.Count);
                foreach (var single in batch)
                {
                    try { await CommitWithRetry([single], stoppingToken); }
                    catch (Exception inner) when (inner is not OperationCanceledException) { Fail(single, inner); }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var p in batch) Fail(p, e);
            }
        }
    }

    /// <summary>
    /// A commit whose connection broke (PostgreSQL restarted, the backend was terminated) is tried again on a fresh one
    /// before anyone is told it failed. Safe whether or not the lost commit landed: the retry reads and decides again,
    /// and finds a send that did land stored, which it then answers and pushes as new (<see cref="InDoubtCommit"/>).
    /// </summary>
    private readonly ResiliencePipeline _connectionRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConnectionLost>(),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            OnRetry = retry =>
            {
                logger.LogWarning(retry.Outcome.Exception?.InnerException,
                    "The commit loop's connection to PostgreSQL closed under a commit; trying it again on a fresh connection (retry {Attempt})",
                    retry.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>
    /// A commit that lost a race for a stream (another node appended first) is tried again with the streams locked, so
    /// the retry cannot lose again however busy the other writer is: it waits for the other's commit, then reads.
    /// </summary>
    private async Task CommitWithRetry(IReadOnlyList<Pending> batch, CancellationToken stoppingToken)
    {
        await _connectionRetry.ExecuteAsync(async outer =>
        {
            var attempt = 0;
            await StoreErrors.ConflictRetry.ExecuteAsync(async ct => await Commit(batch, locked: attempt++ > 0, ct), outer);
        }, stoppingToken);
    }

    /// <summary>
    /// A commit that fails for any reason drops the connection: the next one starts on a fresh one. A failure that left
    /// the connection closed or broken is the connection's, whatever Marten made of it: <see cref="ConnectionLost"/>.
    /// </summary>
    private async Task Commit(IReadOnlyList<Pending> batch, bool locked, CancellationToken ct)
    {
        var connection = await Connection(ct);
        try
        {
            await Commit(connection, batch, locked, ct);
        }
        catch (Exception e)
        {
            var lost = Lost(connection);
            await DropConnection();
            if (lost) throw new ConnectionLost(e);
            throw;
        }
    }

    private async Task<NpgsqlConnection> Connection(CancellationToken ct)
    {
        if (_connection is not null) return _connection;
        var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return _connection = connection;
    }

    /// <summary>Closed or broken under a command: the failure was the connection's, not the command's.</summary>
    private static bool Lost(NpgsqlConnection connection) => connection.FullState != ConnectionState.Open;

    private async Task DropConnection()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    private async Task Commit(NpgsqlConnection connection, IReadOnlyList<Pending> batch, bool locked, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // One transaction from the read to the commit; Marten commits it in SaveChanges, and disposing it rolls back a
        // batch that appended nothing. An identity session: the documents read below are the ones the inline projections
        // then change (PrefetchProjected).
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var session = store.IdentitySession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: true));
        var ids = batch.Select(p => p.Command.ConversationId).Distinct().Order().ToArray();
        if (locked) await LockStreams(session, ids, ct);
        var query = session.CreateBatchQuery();
        // One look-up per conversation: the cache may drop an entry at any moment, and a second look-up could miss it.
        var cached = ids.ToDictionary(id => id, id => locked ? null : cache.Find(id));
        var reads = cached.Where(kv => kv.Value is null).ToDictionary(kv => kv.Key, kv => Read(query, kv.Key));
        // The messages a retried send may repeat, and those an edit, a deletion or a reaction is about.
        var messageIds = batch.Select(p => p.Command switch { SendMessage s => s.MessageId, RevisionCommand r => r.MessageId, _ => (Guid?)null })
            .OfType<Guid>().Distinct().ToArray();
        var existingTask = query.LoadMany<ChatMessage>().ById(messageIds);
        PrefetchProjected(query, batch, cached);
        await query.Execute(ct);

        var loaded = new Dictionary<Guid, VersionedState?>();
        foreach (var id in ids) loaded[id] = reads.TryGetValue(id, out var read) ? await read : cached[id];
        var existing = (await existingTask).ToDictionary(m => m.Id);
        var states = loaded.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.State);
        var appended = new Dictionary<Guid, List<object>>();
        var sentInBatch = new Dictionary<Guid, MessageSent>();
        var revisedInBatch = new Dictionary<Guid, ChatMessage>();
        ChatMessage? Current(Guid messageId) => revisedInBatch.GetValueOrDefault(messageId)
            ?? (sentInBatch.TryGetValue(messageId, out var sent) ? ChatMessage.From(sent) : existing.GetValueOrDefault(messageId));
        var outcomes = new (Pending Pending, WriteOutcome? Outcome, Exception? Error)[batch.Count];
        var committed = new List<Committed>();
        var decided = new List<(ConversationCommand, object[])>();

        for (var i = 0; i < batch.Count; i++)
        {
            var command = batch[i].Command;
            try
            {
                var state = states.GetValueOrDefault(command.ConversationId) ?? throw DomainError.NotFound("The conversation");
                if (command is SendMessage send && FindSent(send, existing, sentInBatch) is { } first)
                {
                    var landedInDoubt = !sentInBatch.ContainsKey(send.MessageId) && _inDoubt.Landed(send.MessageId);
                    outcomes[i] = (batch[i], new WriteOutcome(first, Duplicate: !landedInDoubt), null);
                    if (landedInDoubt) committed.Add(new Committed(state, state, first));
                    continue;
                }
                var target = command is RevisionCommand revision ? Current(revision.MessageId) : null;
                var events = _inDoubt.Decide(command, state, target, committed);
                foreach (var e in events)
                {
                    var before = state;
                    state = Conversation.Evolve(state, e)!;
                    if (e is MessageSent sent) sentInBatch[sent.MessageId] = sent;
                    if (e is MessageEdited or MessageDeleted or ReactionChanged) revisedInBatch[target!.Id] = target = target.Revised(e);
                    committed.Add(new Committed(before, state, e) { Revision = target is null ? null : Delivery.ToRevised(target) });
                }
                states[command.ConversationId] = state;
                if (events.Length > 0)
                {
                    if (command is not SendMessage) decided.Add((command, events));
                    if (!appended.TryGetValue(command.ConversationId, out var toAppend)) appended[command.ConversationId] = toAppend = [];
                    toAppend.AddRange(events);
                }
                outcomes[i] = (batch[i], new WriteOutcome(events.OfType<MessageSent>().FirstOrDefault(), false,
                    target is null ? null : Delivery.ToRevised(target)), null);
            }
            catch (DomainError error)
            {
                outcomes[i] = (batch[i], null, error);
            }
        }

        // The version each stream must reach: another writer's append in between fails the commit, never merges into it.
        // Appended in id order, the order the locked retry takes its locks in, so two writers never deadlock on them.
        foreach (var (id, events) in appended.OrderBy(kv => kv.Key)) session.Events.Append(id, loaded[id]!.Version + events.Count, [.. events]);
        try
        {
            if (appended.Count > 0) await session.SaveChangesAsync(ct);
        }
        catch
        {
            foreach (var id in ids) cache.Forget(id);
            if (Lost(connection)) _inDoubt.Lost(decided, sentInBatch.Keys);
            throw;
        }
        foreach (var (id, events) in appended) cache.Keep(id, new VersionedState(states[id], loaded[id]!.Version + events.Count));
        foreach (var id in reads.Keys) if (loaded[id] is { } read && !appended.ContainsKey(id)) cache.Keep(id, read);
        WriterMetrics.Committed(batch.Count, sentInBatch.Count, Stopwatch.GetElapsedTime(started));

        foreach (var (pending, outcome, error) in outcomes)
        {
            if (error is not null) pending.Done.TrySetException(error);
            else pending.Done.TrySetResult(outcome!);
        }
        delivery.Publish(committed);
    }

    /// <summary>
    /// The inline projections' documents that the batch's events will change (the heads; the members' delivery documents
    /// for receipts), read with the rest: the identity session hands them to the projections in SaveChanges, which would
    /// otherwise read them there, one more round trip per commit. Only for the conversations whose write model is
    /// cached: reading a write model (<see cref="Read"/>) already loads its head and member documents.
    /// </summary>
    private static void PrefetchProjected(IBatchedQuery query, IReadOnlyList<Pending> batch, Dictionary<Guid, VersionedState?> cached)
    {
        var cachedIds = cached.Where(kv => kv.Value is not null).Select(kv => kv.Key).ToArray();
        if (cachedIds.Length == 0) return;
        _ = query.LoadMany<ConversationHead>().ById(cachedIds);
        var receipts = batch.Select(p => p.Command).Where(c => c is AckDelivered or MarkRead && cached[c.ConversationId] is not null)
            .Select(c => MemberDelivery.Key(c.ConversationId, c.UserId)).Distinct().ToArray();
        if (receipts.Length > 0) _ = query.LoadMany<MemberDelivery>().ById(receipts);
    }

    /// <summary>Locks the streams' rows until the commit, in id order; the reads that follow see every earlier commit.</summary>
    private async Task LockStreams(IDocumentSession session, Guid[] ids, CancellationToken ct) =>
        await session.AdvancedSql.QueryAsync<Guid>(
            $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?) order by id for update", ct, [ids]);

    // The stream's version is read before the documents: a commit landing between the two reads leaves the version
    // behind the documents, so the append fails and the retry reads again, rather than deciding on a mix.
    private static async Task<VersionedState?> Read(IBatchedQuery query, Guid id)
    {
        var version = query.Events.FetchStreamState(id);
        var state = ConversationState.Load(query, id);
        return await version is { } stream && await state is { } conversation ? new VersionedState(conversation, stream.Version) : null;
    }

    private static MessageSent? FindSent(SendMessage send, Dictionary<Guid, ChatMessage> existing, Dictionary<Guid, MessageSent> sentInBatch)
    {
        if (sentInBatch.TryGetValue(send.MessageId, out var inBatch)) return EnsureSameConversation(send, inBatch);
        if (!existing.TryGetValue(send.MessageId, out var m)) return null;
        return EnsureSameConversation(send, new MessageSent(m.ConversationId, m.Id, m.SenderId, m.ClientMessageId, m.Sequence, m.Body, m.SentAt, m.SenderDeviceId, m.ExpiresAt));
    }

    private static MessageSent EnsureSameConversation(SendMessage send, MessageSent first) => first.ConversationId == send.ConversationId
        ? first
        : throw new DomainError(ErrorCodes.Conflict, "This clientMessageId was already used for a message in another conversation.", "clientMessageId");

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    private void Fail(Pending pending, Exception error)
    {
        if (error is not DomainError)
            logger.LogError(error, "Command {Command} on conversation {ConversationId} could not be committed",
                pending.Command.GetType().Name, pending.Command.ConversationId);
        pending.Done.TrySetException(error as DomainError
            ?? new DomainError(ErrorCodes.Unavailable, "The command could not be stored; retry it (a send with the same clientMessageId)."));
    }

    private sealed class ConnectionLost(Exception inner)
        : Exception("The commit loop's connection to PostgreSQL closed under a commit.", inner);

    private sealed record Pending(ConversationCommand Command, TaskCompletionSource<WriteOutcome> Done);
}
