using Chat.Contracts.Integration;
using Chat.ReadApi.Operator;
using Marten.Schema;
using MassTransit;

namespace Chat.ReadApi.Analytics;

/// <summary>
/// Per minute: messages sent and who sent them; <see cref="CountedEventIds"/> makes a redelivered event count once.
/// Optimistic concurrency: with several nodes, two consumers may update one minute at once; the loser retries.
/// </summary>
[UseOptimisticConcurrency]
public sealed record ActivityMinute(string Id, DateTimeOffset Minute, int MessagesSent, Guid[] ActiveUserIds, Guid[] CountedEventIds);

public sealed record ActivityView(DateTimeOffset Minute, int MessagesSent, int ActiveUsers);

/// <summary>The shipped analytics consumer of the integration stream: a per-minute activity read model.</summary>
public sealed class ActivityConsumer(IDocumentStore store) : IConsumer<ChatEventV1>
{
    public async Task Consume(ConsumeContext<ChatEventV1> context)
    {
        var e = context.Message;
        if (e.Type != "message_sent") return;
        var minute = new DateTimeOffset(e.Timestamp.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var id = minute.ToString("yyyy-MM-ddTHH:mm");
        await using var session = store.LightweightSession();
        var current = await session.LoadAsync<ActivityMinute>(id, context.CancellationToken) ?? new ActivityMinute(id, minute, 0, [], []);
        if (current.CountedEventIds.Contains(e.EventId)) return;
        var sender = e.Data.GetProperty("senderId").GetGuid();
        session.Store(current with
        {
            MessagesSent = current.MessagesSent + 1,
            ActiveUserIds = current.ActiveUserIds.Contains(sender) ? current.ActiveUserIds : [.. current.ActiveUserIds, sender],
            CountedEventIds = [.. current.CountedEventIds, e.EventId],
        });
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// One message at a time per node: the read-modify-write of a minute must not interleave. A failed update (another
/// node's concurrent one, the table being created by another node) is retried before the message goes to the error queue.
/// </summary>
public sealed class ActivityConsumerDefinition : ConsumerDefinition<ActivityConsumer>
{
    public ActivityConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ActivityConsumer> consumer,
        IRegistrationContext context) =>
        endpoint.UseMessageRetry(r => r.Intervals(50, 200, 1000, 5000));
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
