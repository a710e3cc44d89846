using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Realtime;

/// <summary>An outgoing event: the hub method name the client listens to, and its payload.</summary>
public sealed record Push(string Method, object Payload)
{
    private SerializedHubMessage? _serialized;

    /// <summary>The invocation, encoded at most once per hub protocol however many connections it goes to.</summary>
    public SerializedHubMessage Serialized => _serialized ??= new SerializedHubMessage(new InvocationMessage(Method, [Payload]));
}

/// <summary>
/// One connected client. Pushes queue in its outbox in commit order and a pump sends them one at a time; the pump
/// runs only while there is something to send, so an idle connection holds no task, channel or buffer. A client too
/// slow to drain <see cref="OutboxCapacity"/> pushes is disconnected and catches up from the relay when it reconnects.
/// </summary>
public sealed class ClientConnection(
    HubCallerContext context, HubConnectionContext client, Guid userId, string deviceId, DateTimeOffset connectedAt, ILogger logger)
{
    public const int OutboxCapacity = 10_000;

    public string ConnectionId => context.ConnectionId;
    public Guid UserId { get; } = userId;
    public string DeviceId { get; } = deviceId;
    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>As last stored in the session map: the client's app is in the background.</summary>
    public bool InBackground { get; set; }

    private readonly Lock _lock = new();
    private Queue<Push>? _outbox;
    // True while a pump owns the outbox; it starts true so that pushes wait for the first relay.
    private bool _pumping = true;
    private bool _closed;
    // A replay from the store goes before the queued pushes, which it then de-duplicates.
    private bool _catchUpDue = true;
    private Relay? _relay;
    // Per conversation (where the relay sent something), the sequence up to which this connection has sent every
    // message: live pushes at or below it are duplicates, and a catch-up skips them.
    private Dictionary<Guid, long>? _sentUpTo;
    // Revisions (conversation, revision sequence) a replay sent past the sequences above: their live pushes are duplicates.
    private HashSet<(Guid, long)>? _revisionsSent;

    /// <summary>Starts the first pump: it replays what the device missed, then sends what queued meanwhile.</summary>
    public void Start(Relay relay)
    {
        _relay = relay;
        StartPump();
    }

    /// <summary>
    /// Replays again what the device has not acknowledged, before the pushes already queued: pushes from another node may
    /// have been lost (that node died, or the broker restarted). The client may see some messages twice and de-duplicates
    /// by (conversationId, sequence), as the protocol says.
    /// </summary>
    public void CatchUp()
    {
        bool startPump;
        lock (_lock)
        {
            if (_closed) return;
            _catchUpDue = true;
            startPump = !_pumping;
            _pumping = true;
        }
        if (startPump) StartPump();
    }

    private async Task Replay()
    {
        var sentUpTo = _sentUpTo;
        var replayed = await _relay!.Replay(UserId, DeviceId, push => sentUpTo is not null && Position(push) is var (conversationId, sequence)
            && sentUpTo.TryGetValue(conversationId, out var upTo) && sequence <= upTo
            ? Task.CompletedTask
            : client.WriteAsync(push.Serialized, context.ConnectionAborted).AsTask(), context.ConnectionAborted);
        if (replayed.Revisions.Count > 0) (_revisionsSent ??= []).UnionWith(replayed.Revisions);
        if (replayed.UpTo.Count == 0) return;
        _sentUpTo ??= [];
        foreach (var (conversationId, upTo) in replayed.UpTo) _sentUpTo[conversationId] = Math.Max(upTo, _sentUpTo.GetValueOrDefault(conversationId));
    }

    public void Enqueue(Push push)
    {
        bool startPump;
        lock (_lock)
        {
            if (_closed) return;
            _outbox ??= new Queue<Push>();
            if (_outbox.Count >= OutboxCapacity)
            {
                _closed = true;
                context.Abort();
                return;
            }
            _outbox.Enqueue(push);
            startPump = !_pumping;
            _pumping = true;
        }
        if (startPump) StartPump();
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _outbox = null;
        }
    }

    public void Abort() => context.Abort();

    private void StartPump() => ThreadPool.UnsafeQueueUserWorkItem(c => _ = c.Pump(), this, preferLocal: false);

    private async Task Pump()
    {
        try
        {
            await Drain();
        }
        catch (Exception e)
        {
            Failed(e);
        }
    }

    private async Task Drain()
    {
        while (true)
        {
            Push? push = null;
            lock (_lock)
            {
                if (_closed || (!_catchUpDue && (_outbox is null || !_outbox.TryDequeue(out push))))
                {
                    _pumping = false;
                    _outbox = null; // an idle connection keeps no queue
                    return;
                }
                _catchUpDue = false;
            }
            if (push is null)
            {
                await Replay();
                continue;
            }
            if (push.Payload is MessageRevised r && _revisionsSent?.Remove((r.ConversationId, r.RevisionSequence)) == true) continue;
            if (_sentUpTo is not null && Position(push) is var (conversationId, sequence) && _sentUpTo.TryGetValue(conversationId, out var upTo))
            {
                if (sequence <= upTo) continue;
                if (sequence == upTo + 1) _sentUpTo[conversationId] = sequence; // no gap: still everything up to here
            }
            await client.WriteAsync(push.Serialized, context.ConnectionAborted);
        }
    }

    /// <summary>Where a push sits in its conversation's sequence: a message's, or an edit's or deletion's own.</summary>
    private static (Guid ConversationId, long Sequence)? Position(Push push) => push.Payload switch
    {
        MessageReceived m => (m.ConversationId, m.Sequence),
        MessageRevised r => (r.ConversationId, r.RevisionSequence),
        _ => null,
    };

    private void Failed(Exception e)
    {
        lock (_lock) _closed = true;
        if (context.ConnectionAborted.IsCancellationRequested) return;
        // The client reconnects and the relay starts again from its acknowledged watermark.
        logger.LogWarning(e, "Delivery to connection {ConnectionId} of user {UserId} failed; closing it", ConnectionId, UserId);
        context.Abort();
    }
}
