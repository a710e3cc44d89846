namespace Chat.Server;

/// <summary>
/// Web clients served from other origins (a team's own app at https://app.example.com calling this server): the
/// origins listed in <c>Chat:AllowedOrigins</c> (comma-separated) may call the API and connect the hub; with none
/// listed, only pages from this server can. Credentials are allowed because SignalR's browser client negotiates with
/// them; the token itself travels in a header or the access_token query parameter, never a cookie.
/// </summary>
public static class CrossOrigin
{
    public static IServiceCollection AddChatCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = (configuration["Chat:AllowedOrigins"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0) policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials().WithExposedHeaders("Retry-After");
        }));
    }
}
