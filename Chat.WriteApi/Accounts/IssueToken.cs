using System.Security.Claims;
using Chat.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

public static class IssueTokenEndpoint
{
    /// <summary>
    /// POST /api/tokens: a signed bearer token for valid credentials and a linked device, 401 otherwise, 429 after too many
    /// failures for the username (<see cref="SignInThrottle"/>), 403 <c>suspended</c> for the right password of a suspended account.
    /// </summary>
    public static void MapIssueToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/tokens", async (
            TokenRequest request, IQuerySession session, IDocumentStore store, IPasswordHasher<UserAccount> hasher, TokenSettings settings,
            SignInThrottle throttle, TimeProvider clock, HttpContext http) =>
        {
            var key = Registration.LookupKey(request.Username);
            if (key is not null) await throttle.Check(session, key, http.RequestAborted);
            var account = key is null ? null : await session.Query<UserAccount>().SingleOrDefaultAsync(a => a.NormalizedUsername == key);
            if (account is null || request.Password is null ||
                hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
            {
                if (key is not null) await throttle.Failed(store, key, http.RequestAborted);
                throw new DomainError(ErrorCodes.Unauthorized, "Unknown username or wrong password.");
            }
            Suspensions.EnsureNotSuspended(account.SuspensionAt(clock.GetUtcNow())); // told only to whoever knows the password
            var device = await DeviceLinks.Link(store, account.Id, request.DeviceId, request.DeviceName, settings.MaxDevicesPerUser, clock,
                http.RequestAborted);
            return Results.Ok(Token(settings, clock, account, device));
        }).AllowAnonymous();

    /// <summary>
    /// POST /api/tokens/refresh: a fresh token for the caller's device, so a client signed in stays signed in while it
    /// keeps refreshing, and a removed device (whose tokens already fail) cannot.
    /// </summary>
    public static void MapRefreshToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/tokens/refresh", async (HttpContext http, IQuerySession session, TokenSettings settings, TimeProvider clock) =>
        {
            var account = await session.LoadAsync<UserAccount>(http.User.UserId(), http.RequestAborted)
                ?? throw new DomainError(ErrorCodes.Unauthorized, "The account no longer exists.");
            var device = account.LinkedDevices.FirstOrDefault(d => d.DeviceId == http.User.DeviceId())
                ?? throw new DomainError(ErrorCodes.Unauthorized, "The token's device is no longer linked.");
            return Results.Ok(Token(settings, clock, account, device));
        });

    private static TokenResponse Token(TokenSettings settings, TimeProvider clock, UserAccount account, LinkedDevice device)
    {
        var now = clock.GetUtcNow();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenSettings.Issuer,
            Audience = TokenSettings.Audience,
            Subject = new ClaimsIdentity([
                new Claim(CallerIdentity.SubjectClaim, account.Id.ToString()),
                new Claim(CallerIdentity.NameClaim, account.Username),
                new Claim(CallerIdentity.DeviceClaim, device.DeviceId),
                new Claim(CallerIdentity.LinkClaim, device.LinkId.ToString()),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(settings.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, now.Add(settings.Lifetime), account.Id, device.DeviceId);
    }
}
