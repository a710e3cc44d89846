using Chat.Contracts.Integration;
using Chat.ReadApi.Operator;
using Marten.Schema;
using MassTransit;

namespace Chat.ReadApi.Analytics;

/// <summary>
/// Per minute: messages sent and who sent them. <see cref="Counted"/> holds the store sequences already counted, as
/// ranges (the stream is published in store order, so they stay few), which makes a redelivered event count once.
/// Optimistic concurrency: with several nodes, two consumers may update one minute at once; the loser retries.
/// </summary>
[UseOptimisticConcurrency]
public sealed record ActivityMinute(string Id, DateTimeOffset Minute, int MessagesSent, Guid[] ActiveUserIds, SequenceRange[]? Counted)
{
    public static string IdOf(DateTimeOffset minute) => minute.ToString("yyyy-MM-ddTHH:mm");

    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>Counts the messages (store sequence, sender) this minute has not counted yet.</summary>
    public ActivityMinute Count(IEnumerable<(long Sequence, Guid SenderId)> sent)
    {
        var (count, users, ranges) = (MessagesSent, ActiveUserIds.ToHashSet(), (Counted ?? []).ToList());
        foreach (var (sequence, sender) in sent.OrderBy(m => m.Sequence))
        {
            if (SequenceRange.Contains(ranges, sequence)) continue;
            SequenceRange.Add(ranges, sequence);
            count++;
            users.Add(sender);
        }
        return this with { MessagesSent = count, ActiveUserIds = [.. users], Counted = [.. ranges] };
    }
}

/// <summary>Store sequences From..To, both included.</summary>
public sealed record SequenceRange(long From, long To)
{
    public static bool Contains(List<SequenceRange> sorted, long sequence) => sorted.Any(r => r.From <= sequence && sequence <= r.To);

    /// <summary>Adds a sequence to sorted, non-overlapping ranges, merging neighbours.</summary>
    public static void Add(List<SequenceRange> sorted, long sequence)
    {
        var i = sorted.FindIndex(r => r.From > sequence);
        if (i < 0) i = sorted.Count;
        var joinsLeft = i > 0 && sorted[i - 1].To + 1 == sequence;
        var joinsRight = i < sorted.Count && sorted[i].From - 1 == sequence;
        if (joinsLeft && joinsRight) { sorted[i - 1] = sorted[i - 1] with { To = sorted[i].To }; sorted.RemoveAt(i); }
        else if (joinsLeft) sorted[i - 1] = sorted[i - 1] with { To = sequence };
        else if (joinsRight) sorted[i] = sorted[i] with { From = sequence };
        else sorted.Insert(i, new SequenceRange(sequence, sequence));
    }
}

public sealed record ActivityView(DateTimeOffset Minute, int MessagesSent, int ActiveUsers);

/// <summary>
/// The shipped analytics consumer of the integration stream: a per-minute activity read model, updated once per batch
/// of events and minute rather than once per event.
/// </summary>
public sealed class ActivityConsumer(IDocumentStore store) : IConsumer<Batch<ChatEventV1>>
{
    public async Task Consume(ConsumeContext<Batch<ChatEventV1>> context)
    {
        var sent = context.Message.Select(m => m.Message).Where(e => e.Type == "message_sent")
            .GroupBy(e => ActivityMinute.MinuteOf(e.Timestamp)).ToList();
        if (sent.Count == 0) return;
        await using var session = store.LightweightSession();
        var ids = sent.Select(g => ActivityMinute.IdOf(g.Key)).ToArray();
        var existing = (await session.LoadManyAsync<ActivityMinute>(context.CancellationToken, ids)).ToDictionary(m => m.Id);
        foreach (var minute in sent)
        {
            var id = ActivityMinute.IdOf(minute.Key);
            var current = existing.GetValueOrDefault(id) ?? new ActivityMinute(id, minute.Key, 0, [], []);
            session.Store(current.Count(minute.Select(e => (e.Sequence, e.Data.GetProperty("senderId").GetGuid()))));
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// Batches of up to 500 events or 200 ms, one batch at a time per node. A failed update (another node's concurrent
/// one, the table being created by another node) is retried with growing, jittered delays.
/// </summary>
public sealed class ActivityConsumerDefinition : ConsumerDefinition<ActivityConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ActivityConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50)));
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(500).SetTimeLimit(TimeSpan.FromMilliseconds(200)).SetConcurrencyLimit(1));
    }
}

public static class GetActivity
{
    /// <summary>GET /api/operator/activity?from=&amp;to=: per-minute activity, operators only.</summary>
    public static void MapGetActivity(this IEndpointRouteBuilder api) =>
        api.MapGet("/operator/activity", async (DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, HttpContext http) =>
        {
            var start = from ?? DateTimeOffset.UtcNow.AddHours(-1);
            var end = to ?? DateTimeOffset.UtcNow.AddMinutes(1);
            var minutes = await session.Query<ActivityMinute>().Where(m => m.Minute >= start && m.Minute <= end)
                .OrderBy(m => m.Minute).ToListAsync(http.RequestAborted);
            return minutes.Select(m => new ActivityView(m.Minute, m.MessagesSent, m.ActiveUserIds.Length)).ToList();
        }).RequireAuthorization(GetSessions.OperatorPolicy);
}
