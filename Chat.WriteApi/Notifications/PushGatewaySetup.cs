using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Chat.WriteApi.Notifications;

public static class PushGatewaySetup
{
    /// <summary>Chat:Push:GatewayUrl: without it there are no push notifications.</summary>
    public static Uri? GatewayUrl(IConfiguration configuration) =>
        configuration["Chat:Push:GatewayUrl"] is { Length: > 0 } url ? new Uri(url, UriKind.Absolute) : null;

    public static IServiceCollection AddPushGateway(this IServiceCollection services, Uri url, string? key)
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
        return services.AddSingleton(sp => new PushGateway(sp.GetRequiredService<IHttpClientFactory>(), url, sp.GetRequiredService<ILogger<PushGateway>>()));
    }
}
