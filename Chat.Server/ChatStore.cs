using Chat.Projections;
using JasperFx.Events.Daemon;
using Marten;
using Chat.WriteApi.Analytics;
using Chat.WriteApi;
using Chat.WriteApi.Accounts;
using Chat.WriteApi.Notifications;

namespace Chat.Server;

public static class ChatStore
{
    public static string ConnectionString(IConfiguration configuration) => configuration.GetConnectionString("Postgres")
        ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set; build.ps1 run sets it for the local cluster.");

    public static IServiceCollection AddChatStore(this IServiceCollection services, IConfiguration configuration, ServerRoles roles)
    {
        var marten = services.AddMarten(opts => opts.ConfigureChat(ConnectionString(configuration), configuration["Chat:Schema"] ?? "chat"))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        // HotCold: with several processes exactly one runs the async projections, and another takes over if it dies.
        if (roles.Projections)
            marten.AddAsyncDaemon(DaemonMode.HotCold)
                .AddSubscriptionWithServices<IntegrationEventPublisher>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<MessageErasure>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<AccountErasure>(ServiceLifetime.Singleton);
        // Push notifications only where a gateway is configured: without one no subscription reads the events for them.
        if (roles.Projections && PushGatewaySetup.GatewayUrl(configuration) is { } gateway)
        {
            services.AddPushGateway(gateway, configuration["Chat:Push:GatewayKey"]);
            marten.AddSubscriptionWithServices<PushNotifier>(ServiceLifetime.Singleton);
        }
        return services;
    }
}
