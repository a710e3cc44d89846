using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

public sealed record TokenSettings(SymmetricSecurityKey Key, TimeSpan Lifetime)
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
            TimeSpan.FromMinutes(configuration.GetValue("Chat:Jwt:LifetimeMinutes", 24 * 60)));
        services.AddSingleton(settings);
        // PBKDF2 from ASP.NET Core Identity: a standard salted hash. The iteration count stays at Identity's
        // default unless configured; only the benchmark's throwaway server lowers it, to register users fast.
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.Configure<PasswordHasherOptions>(o =>
            o.IterationCount = configuration.GetValue("Chat:Accounts:PasswordHashIterations", o.IterationCount));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenSettings.Issuer,
                ValidAudience = TokenSettings.Audience,
                IssuerSigningKey = settings.Key,
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
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                        "A valid bearer token is required.");
                },
            };
        });
        services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().Build());
        return services;
    }
}
