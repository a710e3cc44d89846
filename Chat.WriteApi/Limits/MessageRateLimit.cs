using System.Threading.RateLimiting;
using Chat.Domain.Conversations;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Limits;

/// <summary>
/// What one user writes into conversations (messages, edits, deletions, reactions), counted per user on the node that
/// takes the command, in a token bucket: <c>Chat:Limits:MessageBurst</c> (200) at once, refilled at
/// <c>Chat:Limits:MessagesPerSecond</c> (20). Far above a person's pace, and enough for an outbox flushed on reconnect;
/// it stops one client flooding the commit loop that every conversation on the node shares. Receipts, typing and
/// group management are not counted, nor the server's own expiries. docs/adr/0023-message-rate-limit.md.
/// </summary>
public sealed class MessageRateLimit(int perSecond, int burst) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _buckets = PartitionedRateLimiter.Create<Guid, Guid>(userId =>
        RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public static MessageRateLimit From(IConfiguration configuration) =>
        new(configuration.GetValue("Chat:Limits:MessagesPerSecond", 20), configuration.GetValue("Chat:Limits:MessageBurst", 200));

    /// <summary>Takes one from the user's bucket for a command they author, or refuses it (429 / hub <c>rate_limited</c>).</summary>
    public void Take(ConversationCommand command)
    {
        if (command is ExpireMessage or not (SendMessage or RevisionCommand)) return; // an expiry is the server's
        using var lease = _buckets.AttemptAcquire(command.UserId);
        if (lease.IsAcquired) return;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        throw DomainError.RateLimited($"You are sending faster than {perSecond} messages a second; retry later.", retryAfter);
    }

    public void Dispose() => _buckets.Dispose();
}
