using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Notifications;

/// <summary>
/// The team's push gateway, which holds the FCM, APNs or Web Push credentials and forwards to the platforms
/// (Chat:Push:GatewayUrl, optionally Chat:Push:GatewayKey as a bearer token). Retried briefly; a notification it still
/// does not take is dropped, never the message: the device gets it from the relay when it connects.
/// </summary>
public sealed class PushGateway(IHttpClientFactory clients, Uri url, ILogger<PushGateway> logger)
{
    /// <summary>Posts the notifications in one request; returns the tokens the gateway rejected as dead.</summary>
    public async Task<IReadOnlyList<string>> Send(IReadOnlyList<PushNotification> notifications, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(nameof(PushGateway)).PostAsJsonAsync(url, new PushGatewayRequest(notifications), ct);
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
}
