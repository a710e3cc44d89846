using System.Security.Claims;
using Chat.Domain.Users;

namespace Chat.Projections.Accounts;

/// <summary>The claims of a chat token: who the caller is and which of their linked devices they are on.</summary>
public static class CallerIdentity
{
    /// <summary>The JWT subject claim: the caller's user id. Authentication guarantees it is there.</summary>
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";
    public const string DeviceClaim = "did";
    /// <summary>The link the token was issued under: a device removed and linked again does not revive old tokens.</summary>
    public const string LinkClaim = "dlk";

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(SubjectClaim)?.Value, out var id) ? id : throw new InvalidOperationException("No user id in the token.");

    public static string DeviceId(this ClaimsPrincipal principal) => principal.FindFirst(DeviceClaim)?.Value ?? Devices.DefaultId;

    public static Guid LinkId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(LinkClaim)?.Value, out var id) ? id : Guid.Empty;
}
