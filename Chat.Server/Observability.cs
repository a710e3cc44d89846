using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Chat.Server;

public static class Observability
{
    public static void AddChatLogging(this WebApplicationBuilder builder) =>
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

    /// <summary>
    /// ASP.NET Core's hosting log scope and request Activity are off (appsettings.json: the category
    /// Microsoft.AspNetCore.Hosting.Diagnostics at None): a hub connection's request lives as long as the connection,
    /// and they cost about 2 KB per idle connection (docs/benchmarks.md). Plain HTTP requests get their method, path
    /// and id in a log scope here instead (<see cref="PlainRequests"/>); a WebSocket is named by the ConnectionId
    /// scopes of Kestrel and SignalR.
    /// </summary>
    public static void UseRequestLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Chat.Requests");
        app.Use(async (context, next) =>
        {
            using (logger.BeginScope("{RequestMethod} {RequestPath} {RequestId}", context.Request.Method, context.Request.Path, context.TraceIdentifier))
                await next(context);
        });
    }

    public static IServiceCollection AddChatHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks().AddCheck("postgres", new PostgresCheck(ChatStore.ConnectionString(configuration)), tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live: the process answers. /health/ready: and PostgreSQL answers too.</summary>
    public static void MapChatHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }

    private sealed class PostgresCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
            }
        }
    }
}
