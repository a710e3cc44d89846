using System.Net;
using Chat.WriteApi.Pipeline;
using OpenTelemetry.Metrics;

namespace Chat.Server;

/// <summary>
/// Chat:Metrics:Enabled (default off): Prometheus text at /metrics (OpenTelemetry's exporter) with the commit loop's
/// meter, ASP.NET Core's (requests, Kestrel and SignalR connections), Npgsql's pool and the runtime's. Answered only to
/// callers in Chat:Metrics:AllowedNetworks (CIDR, comma-separated; default loopback): behind a reverse proxy on the
/// same machine every caller looks local, so keep /metrics off the public proxy (docs/deployment.md).
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    private static readonly string[] Meters =
    [
        WriterMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR", "Npgsql", "System.Runtime",
    ];

    public static IServiceCollection AddChatMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("Chat:Metrics:Enabled", false))
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return services;
    }

    /// <summary>Before authentication: a scraper has no token. Any other caller goes on to the API (and its 401).</summary>
    public static void UseChatMetrics(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Chat:Metrics:Enabled", false)) return;
        var allowed = (app.Configuration["Chat:Metrics:AllowedNetworks"] ?? "127.0.0.0/8,::1/128")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPNetwork.Parse).ToArray();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == Path
            && http.Connection.RemoteIpAddress is { } ip
            && allowed.Any(n => n.Contains(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip)));
    }
}
