namespace Chat.Server;

/// <summary>
/// What this process serves (Chat:Roles, comma-separated; default all). "write": commands, the hub and
/// delivery; "read": the query API; "projections": the async projection daemon. See docs/deployment.md.
/// </summary>
public sealed record ServerRoles(bool Write, bool Read, bool Projections)
{
    public static ServerRoles From(IConfiguration configuration)
    {
        var roles = (configuration["Chat:Roles"] ?? "write,read,projections")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).ToHashSet();
        var unknown = roles.Except(["write", "read", "projections"]).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"Unknown Chat:Roles entries: {string.Join(", ", unknown)}");
        return new ServerRoles(roles.Contains("write"), roles.Contains("read"), roles.Contains("projections"));
    }
}
