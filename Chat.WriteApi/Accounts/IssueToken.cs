using System.Security.Claims;
using Chat.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

public static class IssueTokenEndpoint
{
    /// <summary>POST /api/tokens: a signed bearer token for valid credentials, 401 otherwise.</summary>
    public static void MapIssueToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/tokens", async (
            TokenRequest request, IQuerySession session, IPasswordHasher<UserAccount> hasher, TokenSettings settings, TimeProvider clock) =>
        {
            var normalized = Registration.Normalize(request.Username ?? "");
            var account = await session.Query<UserAccount>().SingleOrDefaultAsync(a => a.NormalizedUsername == normalized);
            if (account is null || request.Password is null ||
                hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
                throw new DomainError(ErrorCodes.Unauthorized, "Unknown username or wrong password.");

            var expiresAt = clock.GetUtcNow().Add(settings.Lifetime);
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = TokenSettings.Issuer,
                Audience = TokenSettings.Audience,
                Subject = new ClaimsIdentity([
                    new Claim(CallerIdentity.SubjectClaim, account.Id.ToString()),
                    new Claim("name", account.Username),
                ]),
                IssuedAt = clock.GetUtcNow().UtcDateTime,
                NotBefore = clock.GetUtcNow().UtcDateTime,
                Expires = expiresAt.UtcDateTime,
                SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
            });
            return Results.Ok(new TokenResponse(token, expiresAt, account.Id));
        }).AllowAnonymous();
}
