using System.Text.Json;
using Chat.Contracts.Integration;
using Chat.Domain.Users;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi.Analytics;

/// <summary>
/// A Marten subscription (async daemon, so never a dual write from a handler): every committed event is
/// published as a <see cref="ChatEventV1"/>. The daemon records progress after a page is published, so a crash
/// republishes that page: at least once. On RabbitMQ a page is published once the broker has it; on the in-memory
/// transport, which loses what it holds at a stop, once the in-process consumer has committed it: the page is handed
/// to it here rather than through the transport (<see cref="IInProcessConsumer"/>).
/// </summary>
public sealed class IntegrationEventPublisher(IBus bus, IServiceProvider services) : SubscriptionBase
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var events = page.Events.Select(e => new ChatEventV1(e.Id, e.Sequence, e.StreamId, e.EventTypeName, e.Timestamp, ToData(e.Data))).ToList();
        foreach (var e in events) await bus.Publish(e, cancellationToken);
        // Resolved here, not in the constructor: the consumer needs the document store, which is built with this subscription.
        if (services.GetService<IInProcessConsumer>() is { } inProcess) await inProcess.Consume(events, cancellationToken);
        return NullChangeListener.Instance;
    }

    // Integration events never carry secrets: a registration goes out without its password hash, a push token without the token.
    private static JsonElement ToData(object data) => data switch
    {
        UserRegistered r => JsonSerializer.SerializeToElement(new { r.UserId, r.Username, r.DisplayName, r.RegisteredAt }, Json),
        PushTokenRegistered p => JsonSerializer.SerializeToElement(new { p.UserId, p.DeviceId, p.Platform, p.At }, Json),
        _ => JsonSerializer.SerializeToElement(data, data.GetType(), Json),
    };
}
