using Chat.Contracts.Integration;
using Chat.ReadApi.Operator;
using Marten.Schema;
using MassTransit;

namespace Chat.ReadApi.Analytics;

/// <summary>
/// Per minute: messages sent and who sent them. <see cref="Counted"/> holds the store sequences already counted, as
/// ranges, which makes a redelivered event count once. Every event of the minute is counted as seen, not only the
/// messages: the stream is published in store order, so the ranges stay few, where receipts between messages would
/// otherwise split them into one range per message.
/// Optimistic concurrency: with several nodes, two consumers may update one minute at once; the loser retries.
/// </summary>
[UseOptimisticConcurrency]
public sealed record ActivityMinute(string Id, DateTimeOffset Minute, int MessagesSent, Guid[] ActiveUserIds, SequenceRange[]? Counted)
{
    public static string IdOf(DateTimeOffset minute) => minute.ToString("yyyy-MM-ddTHH:mm");

    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>Counts the events (store sequence, and the sender when a message) this minute has not counted yet.</summary>
    public ActivityMinute Count(IEnumerable<(long Sequence, Guid? SenderId)> events)
    {
        var (count, users, ranges) = (MessagesSent, ActiveUserIds.ToHashSet(), (Counted ?? []).ToList());
        foreach (var (sequence, sender) in events.OrderBy(m => m.Sequence))
        {
            if (!SequenceRange.TryAdd(ranges, sequence)) continue;
            if (sender is not { } senderId) continue;
            count++;
            users.Add(senderId);
        }
        return this with { MessagesSent = count, ActiveUserIds = [.. users], Counted = [.. ranges] };
    }
}

/// <summary>Store sequences From..To, both included.</summary>
public sealed record SequenceRange(long From, long To)
{
    /// <summary>
    /// Adds a sequence to sorted, non-overlapping ranges, merging neighbours; false if a range already holds it. One
    /// binary search per event.
    /// </summary>
    public static bool TryAdd(List<SequenceRange> sorted, long sequence)
    {
        var i = FirstStartingAfter(sorted, sequence);
        if (i > 0 && sorted[i - 1].To >= sequence) return false;
        var joinsLeft = i > 0 && sorted[i - 1].To + 1 == sequence;
        var joinsRight = i < sorted.Count && sorted[i].From - 1 == sequence;
        if (joinsLeft && joinsRight) { sorted[i - 1] = sorted[i - 1] with { To = sorted[i].To }; sorted.RemoveAt(i); }
        else if (joinsLeft) sorted[i - 1] = sorted[i - 1] with { To = sequence };
        else if (joinsRight) sorted[i] = sorted[i] with { From = sequence };
        else sorted.Insert(i, new SequenceRange(sequence, sequence));
        return true;
    }

    /// <summary>The index of the first range starting after the sequence (binary search), or the count.</summary>
    private static int FirstStartingAfter(List<SequenceRange> sorted, long sequence)
    {
        var (low, high) = (0, sorted.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].From > sequence) high = middle;
            else low = middle + 1;
        }
        return low;
    }
}

public sealed record ActivityView(DateTimeOffset Minute, int MessagesSent, int ActiveUsers);

/// <summary>
/// The shipped analytics consumer of the integration stream: a per-minute activity read model, updated once per batch
/// of events and minute rather than once per event. On RabbitMQ it consumes batches from the broker; on the in-memory
/// transport the publisher hands it each page itself (<see cref="IInProcessConsumer"/>).
/// </summary>
public sealed class ActivityConsumer(IDocumentStore store) : IConsumer<Batch<ChatEventV1>>, IInProcessConsumer
{
    public Task Consume(ConsumeContext<Batch<ChatEventV1>> context) =>
        Consume([.. context.Message.Select(m => m.Message)], context.CancellationToken);

    public async Task Consume(IReadOnlyList<ChatEventV1> events, CancellationToken cancellationToken)
    {
        var minutes = events.GroupBy(e => ActivityMinute.MinuteOf(e.Timestamp)).ToList();
        await using var session = store.LightweightSession();
        var ids = minutes.Select(g => ActivityMinute.IdOf(g.Key)).ToArray();
        var existing = (await session.LoadManyAsync<ActivityMinute>(cancellationToken, ids)).ToDictionary(m => m.Id);
        foreach (var minute in minutes)
        {
            var id = ActivityMinute.IdOf(minute.Key);
            var counted = minute.Select(e => (e.Sequence, SenderId: SenderOf(e))).ToList();
            // A minute is written once it has a message; events before its first one need not be remembered.
            if (!existing.TryGetValue(id, out var current) && !counted.Any(e => e.SenderId is not null)) continue;
            current ??= new ActivityMinute(id, minute.Key, 0, [], []);
            session.Store(current.Count(counted));
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    private static Guid? SenderOf(ChatEventV1 e) => e.Type == "message_sent" ? e.Data.GetProperty("senderId").GetGuid() : null;
}

/// <summary>
/// On RabbitMQ: batches of up to 100 events or 200 ms, one batch at a time per node. Every message of a batch holds a
/// slot of the receive endpoint until the batch is consumed, and 100 cost the server 4-6 points of a core less than
/// 500 (docs/benchmarks.md). A failed update (another node's concurrent one, the table being created by another node)
/// is retried with growing, jittered delays.
/// </summary>
public sealed class ActivityConsumerDefinition : ConsumerDefinition<ActivityConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ActivityConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50)));
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(200)).SetConcurrencyLimit(1));
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
        }).RequireAuthorization(Staff.Operator);
}
