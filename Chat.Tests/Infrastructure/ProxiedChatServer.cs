using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// A server that reaches PostgreSQL through a <see cref="PostgresProxy"/>, so a test can take the database away from
/// this server alone while other tests keep it; its log lines are captured.
/// </summary>
public sealed class ProxiedChatServer : ChatServer, IAsyncLifetime
{
    public PostgresProxy Proxy { get; } = new(TestDatabase.ConnectionString);
    public CapturedLogs Logs { get; } = new();

    protected override string Schema { get; } = TestDatabase.PrivateSchema("proxy");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Postgres"] = Proxy.Through(TestDatabase.ConnectionString),
    };

    protected override void AddServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}
