using Chat.WriteApi.Limits;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// At most <c>Chat:Limits:RegistrationsPerHour</c> (20) new accounts per client address in a sliding hour, across nodes:
/// a household or an office signs up freely, a script minting accounts for spam does not. Behind a reverse proxy the
/// address is the proxy's unless forwarded headers are enabled (docs/deployment.md). 0 turns the limit off.
/// </summary>
public sealed class RegistrationRateLimit(AttemptWindow registrations)
{
    public static RegistrationRateLimit From(IConfiguration configuration, TimeProvider clock) =>
        new(new AttemptWindow("registration", configuration.GetValue("Chat:Limits:RegistrationsPerHour", 20), TimeSpan.FromHours(1), clock));

    public async Task Check(IQuerySession session, HttpContext http)
    {
        if (await registrations.RetryAfter(session, Address(http), http.RequestAborted) is { } retryAfter)
            throw DomainError.RateLimited($"{registrations.Limit} accounts were registered from this address in the last hour, the most allowed; retry later.", retryAfter);
    }

    public Task Registered(IDocumentStore store, HttpContext http) => registrations.Record(store, Address(http), http.RequestAborted);

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
