using Chat.Projections.Accounts;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// At most <c>Chat:Accounts:SignInFailures</c> (10) failed sign-ins per username in a sliding window of
/// <c>Chat:Accounts:SignInWindowSeconds</c> (300), counted in the database, so every node sees every failure: past
/// them every sign-in for that username is refused until the window slides, so a password cannot be guessed at the
/// speed of the server, however many nodes there are.
/// </summary>
public sealed class SignInThrottle(int failures, TimeSpan window, TimeProvider clock)
{
    public static SignInThrottle From(IConfiguration configuration, TimeProvider clock) => new(
        configuration.GetValue("Chat:Accounts:SignInFailures", 10),
        TimeSpan.FromSeconds(configuration.GetValue("Chat:Accounts:SignInWindowSeconds", 300)), clock);

    /// <summary>Refuses a username with a full window; its Retry-After is when the oldest failure in it leaves.</summary>
    public async Task Check(IQuerySession session, string username, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now - window;
        var recent = await session.Query<SignInFailure>().Where(f => f.Username == username && f.At > since)
            .OrderBy(f => f.At).Select(f => f.At).Take(failures).ToListAsync(ct);
        if (recent.Count >= failures)
            throw DomainError.RateLimited("Too many failed sign-ins for this username; try again later.",
                TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((recent[0] + window - now).TotalSeconds))));
    }

    /// <summary>Counts a failure, and forgets the username's failures that have left the window.</summary>
    public async Task Failed(IDocumentStore store, string username, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = now - window;
        await using var session = store.LightweightSession();
        session.Insert(new SignInFailure(Guid.NewGuid(), username, now));
        session.DeleteWhere<SignInFailure>(f => f.Username == username && f.At <= expired);
        await session.SaveChangesAsync(ct);
    }
}
