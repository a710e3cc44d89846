using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi.Keys;

/// <summary>
/// At most <c>Chat:Keys:ClaimsPerMinute</c> (30) key claims per caller in a sliding minute, counted by each node: enough
/// to start sessions with everyone in a large group, not enough to drain another user's one-time prekeys quickly.
/// </summary>
public static class ClaimRateLimit
{
    public const string Policy = "key-claims";

    public static IServiceCollection AddClaimRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var perMinute = configuration.GetValue("Chat:Keys:ClaimsPerMinute", 30);
            o.AddPolicy(Policy, http => RateLimitPartition.GetSlidingWindowLimiter(http.User.UserId(), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
            }));
            o.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
                await Problems.Write(context.HttpContext, DomainError.RateLimited(
                    $"You claimed keys {perMinute} times in the last minute, the most allowed; retry later.", retryAfter));
            };
        });
        return services;
    }
}
