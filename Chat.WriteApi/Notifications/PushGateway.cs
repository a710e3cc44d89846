using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Chat.WriteApi.Notifications;

/// <summary>
/// The team's push gateway, which holds the FCM, APNs or Web Push credentials and forwards to the platforms
/// (Chat:Push:GatewayUrl, optionally Chat:Push:GatewayKey as a bearer token). Retried briefly; a notification it still
/// does not take is dropped, never the message: the device gets it from the relay when it connects.
/// </summary>
public sealed class PushGateway(HttpClient http, Uri url, ILogger<PushGateway> logger)
{
    public const string UrlKey = "Chat:Push:GatewayUrl";

    public static Uri? Url(IConfiguration configuration) =>
        configuration[UrlKey] is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;

    /// <summary>Posts the notifications in one request; returns the tokens the gateway rejected as dead.</summary>
    public async Task<IReadOnlyList<string>> Send(IReadOnlyList<PushNotification> notifications, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(url, new PushGatewayRequest(notifications), ct);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength == 0) return [];
            return (await response.Content.ReadFromJsonAsync<PushGatewayResponse>(ct))?.Rejected ?? [];
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The push gateway {Url} did not take {Count} notifications; they are dropped (the messages wait in the relay)",
                url, notifications.Count);
            return [];
        }
    }

    public static IServiceCollection AddPushGateway(IServiceCollection services, Uri url, string? key)
    {
        services.AddHttpClient(nameof(PushGateway), c =>
            {
                if (key is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            })
            // At most 10 s in all, so a gateway that hangs delays the next notifications by that much, not more.
            .AddResilienceHandler("push-gateway", pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(10))
                .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential })
                .AddTimeout(TimeSpan.FromSeconds(3)));
        return services.AddSingleton(sp => new PushGateway(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PushGateway)), url, sp.GetRequiredService<ILogger<PushGateway>>()));
    }
}
