using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Sessions;

/// <summary>
/// This server process's id in the session map: Chat:NodeId, or a fresh id per process, so a restarted node is a new
/// node and its old entries expire. Kept apart from <see cref="SessionMap"/>: the bus needs it before the store exists.
/// </summary>
public sealed record NodeIdentity(string NodeId)
{
    public static NodeIdentity From(IConfiguration configuration) =>
        new(configuration["Chat:NodeId"] ?? $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid():N}");
}
