using Chat.Contracts.Integration;
using Chat.ReadApi.Analytics;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Sessions;
using MassTransit;

namespace Chat.Server;

/// <summary>
/// MassTransit carries the integration event stream to its consumers and, with several nodes, pushes between nodes.
/// One node (the default): the in-memory transport, no broker. Several nodes: RabbitMQ, set by
/// ConnectionStrings:RabbitMq (amqp://user:password@host:port/); each write node then has its own temporary
/// endpoint for the pushes other nodes route to it (docs/adr/0006-multi-node.md).
/// </summary>
public static class Bus
{
    public static IServiceCollection AddChatBus(this IServiceCollection services, IConfiguration configuration, ServerRoles roles)
    {
        var rabbitMq = configuration.GetConnectionString("RabbitMq") is { Length: > 0 } uri ? new Uri(uri) : null;
        var routesPushes = rabbitMq is not null && roles.Write;
        // In memory, the publisher hands the integration stream to the activity consumer itself: published once consumed.
        if (rabbitMq is null) services.AddSingleton<IInProcessConsumer, ActivityConsumer>();
        if (routesPushes)
        {
            services.AddSingleton<RemoteDelivery>();
            services.AddHostedService(sp => sp.GetRequiredService<RemoteDelivery>());
            services.AddSingleton<CommandForwarding>();
            services.AddHostedService(sp => sp.GetRequiredService<CommandForwarding>());
        }
        return services.AddMassTransit(bus =>
        {
            if (rabbitMq is null)
            {
                bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
                return;
            }
            bus.AddConsumer<ActivityConsumer, ActivityConsumerDefinition>();
            if (routesPushes)
            {
                bus.AddConsumer<NodePushesConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<ForwardedCommandsConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddReceiveEndpointObserver<NodeEndpointObserver>();
            }
            bus.UsingRabbitMq((context, transport) =>
            {
                var credentials = Uri.UnescapeDataString(rabbitMq.UserInfo).Split(':', 2);
                transport.Host(rabbitMq.Host, (ushort)(rabbitMq.IsDefaultPort ? 5672 : rabbitMq.Port), "/", h =>
                {
                    h.Username(credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest");
                    h.Password(credentials.ElementAtOrDefault(1) ?? "guest");
                });
                if (routesPushes)
                {
                    // Temporary: the queue goes with the node; pushes for a dead node's connections have nowhere to wait.
                    transport.ReceiveEndpoint(RemoteDelivery.EndpointName(context.GetRequiredService<NodeIdentity>().NodeId), e =>
                    {
                        e.AutoDelete = true;
                        e.Durable = false;
                        e.ConcurrentMessageLimit = 1; // pushes keep the order they were committed in
                        e.ConfigureConsumer<NodePushesConsumer>(context);
                    });
                    // Commands for the conversations this node owns, submitted to its writer in arrival order.
                    transport.ReceiveEndpoint(CommandForwarding.EndpointName(context.GetRequiredService<NodeIdentity>().NodeId), e =>
                    {
                        e.AutoDelete = true;
                        e.Durable = false;
                        e.ConcurrentMessageLimit = 1;
                        e.ConfigureConsumer<ForwardedCommandsConsumer>(context);
                    });
                }
                transport.ConfigureEndpoints(context);
            });
        });
    }
}
