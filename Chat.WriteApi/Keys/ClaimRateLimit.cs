using Chat.WriteApi.Limits;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Keys;

/// <summary>
/// At most <c>Chat:Keys:ClaimsPerMinute</c> (30) key claims per caller in a sliding minute, across nodes: enough to
/// start sessions with everyone in a large group, not enough to drain another user's one-time prekeys quickly.
/// </summary>
public sealed class ClaimRateLimit(AttemptWindow claims)
{
    public static ClaimRateLimit From(IConfiguration configuration, TimeProvider clock) =>
        new(new AttemptWindow("key-claim", configuration.GetValue("Chat:Keys:ClaimsPerMinute", 30), TimeSpan.FromMinutes(1), clock));

    /// <summary>Counts the claim, or refuses it when the caller has used the minute's claims.</summary>
    public Task Claiming(IQuerySession session, IDocumentStore store, Guid caller, CancellationToken ct) => claims.Take(session, store,
        caller.ToString("N"), $"You claimed keys {claims.Limit} times in the last minute, the most allowed; retry later.", ct);
}
