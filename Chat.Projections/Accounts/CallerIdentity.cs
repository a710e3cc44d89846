using System.Security.Claims;

namespace Chat.Projections.Accounts;

public static class CallerIdentity
{
    /// <summary>The JWT subject claim: the caller's user id. Authentication guarantees it is there.</summary>
    public const string SubjectClaim = "sub";

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(SubjectClaim)?.Value, out var id) ? id : throw new InvalidOperationException("No user id in the token.");
}
