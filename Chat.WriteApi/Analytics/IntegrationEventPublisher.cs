using System.Text.Json;
using Chat.Contracts.Integration;
using Chat.Domain.Users;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using MassTransit;

namespace Chat.WriteApi.Analytics;

/// <summary>
/// A Marten subscription (async daemon, so never a dual write from a handler): every committed event is
/// published as a <see cref="ChatEventV1"/>. The daemon records progress after a page is published, so a crash
/// republishes that page: at least once. On RabbitMQ a page is published once the broker has it; on the in-memory
/// transport, which loses what it holds at a stop, once the in-process consumer has committed it
/// (<see cref="InProcessConsumption"/>).
/// </summary>
public sealed class IntegrationEventPublisher(IBus bus, InProcessConsumption? inProcess = null) : SubscriptionBase
{
    /// <summary>How long a page may wait for the in-process consumer before the daemon tries it again.</summary>
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var sequences = page.Events.Select(e => e.Sequence).ToArray();
        var consumed = inProcess?.Expect(sequences);
        try
        {
            foreach (var e in page.Events)
                await bus.Publish(new ChatEventV1(e.Id, e.Sequence, e.StreamId, e.EventTypeName, e.Timestamp, ToData(e.Data)), cancellationToken);
            if (consumed is not null) await consumed.WaitAsync(ConsumeTimeout, cancellationToken);
        }
        catch
        {
            inProcess?.Forget(sequences);
            throw;
        }
        return NullChangeListener.Instance;
    }

    // Integration events never carry secrets: a registration goes out without its password hash.
    private static JsonElement ToData(object data) => JsonSerializer.SerializeToElement(
        data is UserRegistered r ? new { r.UserId, r.Username, r.DisplayName, r.RegisteredAt } : data, data is UserRegistered ? typeof(object) : data.GetType(), Json);
}
