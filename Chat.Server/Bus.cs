using Chat.ReadApi.Analytics;
using MassTransit;

namespace Chat.Server;

/// <summary>
/// MassTransit carries the integration event stream to its consumers: in memory on one node (the default);
/// RabbitMQ for several nodes is the next step (issue 3).
/// </summary>
public static class Bus
{
    public static IServiceCollection AddChatBus(this IServiceCollection services) =>
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ActivityConsumer, ActivityConsumerDefinition>();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
}
