using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// At most <c>Chat:Accounts:SignInFailures</c> (10) failed sign-ins per username in a sliding window of
/// <c>Chat:Accounts:SignInWindowSeconds</c> (300), counted by each node: past them every sign-in for that username is
/// refused until the window slides, so a password cannot be guessed at the speed of the server.
/// </summary>
public sealed class SignInThrottle(int failures, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(username =>
        RateLimitPartition.GetSlidingWindowLimiter(username, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = failures, Window = window, SegmentsPerWindow = 5, QueueLimit = 0, AutoReplenishment = true,
        }));

    public TimeSpan Window => window;

    public static SignInThrottle From(IConfiguration configuration) => new(
        configuration.GetValue("Chat:Accounts:SignInFailures", 10),
        TimeSpan.FromSeconds(configuration.GetValue("Chat:Accounts:SignInWindowSeconds", 300)));

    public bool Allows(string username) => _failures.GetStatistics(username)?.CurrentAvailablePermits > 0;

    public void Failed(string username) => _failures.AttemptAcquire(username).Dispose();

    public void Dispose() => _failures.Dispose();
}
