using System.Security.Claims;
using Chat.Domain.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

public sealed record TokenSettings(SymmetricSecurityKey Key, TimeSpan Lifetime, int MaxDevicesPerUser)
{
    public const string Issuer = "chat";
    public const string Audience = "chat";
}

public static class Authentication
{
    /// <summary>JWT bearer on every route and on the hub, which takes the token as the access_token query parameter.</summary>
    public static IServiceCollection AddChatAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = new TokenSettings(SigningKey.Load(configuration),
            TimeSpan.FromMinutes(configuration.GetValue("Chat:Jwt:LifetimeMinutes", 24 * 60.0)),
            configuration.GetValue("Chat:Devices:MaxPerUser", Devices.DefaultMaxPerUser));
        services.AddSingleton(settings);
        services.AddSingleton(sp => SignInThrottle.From(configuration, sp.GetRequiredService<TimeProvider>()));
        // PBKDF2 from ASP.NET Core Identity: a standard salted hash. The iteration count stays at Identity's
        // default unless configured; only the benchmark's throwaway server lowers it, to register users fast.
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.Configure<PasswordHasherOptions>(o =>
            o.IterationCount = configuration.GetValue("Chat:Accounts:PasswordHashIterations", o.IterationCount));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            // Nothing reads the raw token back, and a saved copy would live as long as each hub connection.
            options.SaveToken = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenSettings.Issuer,
                ValidAudience = TokenSettings.Audience,
                IssuerSigningKeys = [settings.Key, .. SigningKey.Previous(configuration)],
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments(HubNames.Path) &&
                        context.Request.Query.TryGetValue("access_token", out var token))
                        context.Token = token;
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    // A removed device's or a suspended account's tokens stop working at once; the caller keeps only the
                    // claims the app reads.
                    var principal = context.Principal!;
                    // Its own short session: the request scope of a hub connection lives as long as the connection.
                    await using var session = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
                    var account = await session.LoadAsync<UserAccount>(principal.UserId(), context.HttpContext.RequestAborted);
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    if (account is null || account.SuspensionAt(now) is not null || !account.HasLink(principal.DeviceId(), principal.LinkId()))
                    {
                        context.Fail("The token's device is no longer linked, or its account is suspended.");
                        return;
                    }
                    context.Principal = SlimPrincipal(principal, context.Scheme.Name);
                },
                // The device look-up above could not reach the database: not the token's fault, so no 401 that would
                // sign the client out, but a retryable 503 (also for a hub connection's WebSocket request).
                OnAuthenticationFailed = context =>
                {
                    if (StoreErrors.IsUnavailable(context.Exception)) context.Fail(context.Exception);
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    if (context.AuthenticateFailure is { } failure && StoreErrors.IsUnavailable(failure))
                        await Problems.Write(context.HttpContext, new DomainError(ErrorCodes.Unavailable, StoreErrors.UnavailableMessage));
                    else
                        await Problems.Write(context.HttpContext, new DomainError(ErrorCodes.Unauthorized, "A valid bearer token is required."));
                },
            };
        });
        services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().Build());
        return services;
    }

    // A validated JWT principal holds the token, every registered claim and per-claim property bags: kilobytes per
    // idle hub connection. Once the link is checked, the app reads three claims: who the caller is (id and username,
    // which the operator policy checks) and on which device.
    private static ClaimsPrincipal SlimPrincipal(ClaimsPrincipal validated, string scheme) => new(new ClaimsIdentity(
        validated.Claims.Where(c => c.Type is CallerIdentity.SubjectClaim or CallerIdentity.NameClaim or CallerIdentity.DeviceClaim)
            .Select(c => new Claim(c.Type, c.Value)),
        scheme, CallerIdentity.NameClaim, null));
}
