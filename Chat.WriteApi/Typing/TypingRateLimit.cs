using System.Threading.RateLimiting;

namespace Chat.WriteApi.Typing;

/// <summary>A token bucket per connection: bursts of <see cref="PerSecond"/>, refilled at that rate.</summary>
public static class TypingRateLimit
{
    public const int PerSecond = 5;

    public static RateLimiter Create() => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = PerSecond,
        TokensPerPeriod = PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}

internal static class ItemsExtensions
{
    public static object GetOrAdd(this IDictionary<object, object?> items, object key, Func<object> create)
    {
        if (items.TryGetValue(key, out var existing) && existing is not null) return existing;
        var created = create();
        items[key] = created;
        return created;
    }
}
