using Chat.WriteApi.Limits;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// At most <c>Chat:Accounts:SignInFailures</c> (10) failed sign-ins per username in a sliding window of
/// <c>Chat:Accounts:SignInWindowSeconds</c> (300), across nodes: past them every sign-in for that username is refused
/// until the window slides, so a password cannot be guessed at the speed of the server.
/// </summary>
public sealed class SignInThrottle(AttemptWindow failures)
{
    public static SignInThrottle From(IConfiguration configuration, TimeProvider clock) => new(new AttemptWindow("sign-in",
        configuration.GetValue("Chat:Accounts:SignInFailures", 10),
        TimeSpan.FromSeconds(configuration.GetValue("Chat:Accounts:SignInWindowSeconds", 300)), clock));

    public async Task Check(IQuerySession session, string username, CancellationToken ct)
    {
        if (await failures.RetryAfter(session, username, ct) is { } retryAfter)
            throw DomainError.RateLimited("Too many failed sign-ins for this username; try again later.", retryAfter);
    }

    public Task Failed(IDocumentStore store, string username, CancellationToken ct) => failures.Record(store, username, ct);
}
