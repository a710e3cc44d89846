using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.ReadApi;

/// <summary>
/// Operators (Chat:Operators) see the session map and the activity counts; auditors (Chat:Auditors) read the event
/// store. Each is a comma-separated list of usernames, and neither implies the other.
/// </summary>
public static class StaffPolicies
{
    public static IServiceCollection AddStaffPolicies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff.Operator, UsernamesIn(configuration["Chat:Operators"]))
            .AddPolicy(Staff.Auditor, UsernamesIn(configuration["Chat:Auditors"]));
        return services;
    }

    private static Action<AuthorizationPolicyBuilder> UsernamesIn(string? list)
    {
        var usernames = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.ToLowerInvariant()).ToHashSet();
        return p => p.RequireAssertion(c => c.User.FindFirst(CallerIdentity.NameClaim)?.Value is { } name && usernames.Contains(name.ToLowerInvariant()));
    }
}
