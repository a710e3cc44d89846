using Chat.Contracts.Integration;
using Chat.Projections.Integration;
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
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var events = page.Events.Select(ChatEvents.ToV1).ToList();
        foreach (var e in events) await bus.Publish(e, cancellationToken);
        // Resolved here, not in the constructor: the consumer needs the document store, which is built with this subscription.
        if (services.GetService<IInProcessConsumer>() is { } inProcess) await inProcess.Consume(events, cancellationToken);
        return NullChangeListener.Instance;
    }
}
