using Chat.Projections.Sessions;

namespace Chat.ReadApi.Operator;

public sealed record SessionView(string NodeId, string ConnectionId, DateTimeOffset ConnectedAt);
public sealed record DeviceSessions(string DeviceId, IReadOnlyList<SessionView> Connections);
public sealed record UserSessions(Guid UserId, IReadOnlyList<DeviceSessions> Devices);

public static class GetSessions
{
    /// <summary>GET /api/operator/sessions: user -> devices -> connections and their nodes, from nodes that heartbeated recently.</summary>
    public static void MapGetSessions(this IEndpointRouteBuilder api) =>
        api.MapGet("/operator/sessions", async (IQuerySession session, TimeProvider clock, HttpContext http) =>
        {
            var now = clock.GetUtcNow();
            var live = (await session.Query<NodeHeartbeat>().ToListAsync(http.RequestAborted)).Where(n => n.IsAlive(now)).Select(n => n.Id).ToArray();
            var entries = await session.Query<SessionEntry>().Where(e => e.NodeId.IsOneOf(live)).ToListAsync(http.RequestAborted);
            return entries
                .Select(s => (s.UserId, s.DeviceId, View: new SessionView(s.NodeId, s.Id, s.ConnectedAt)))
                .GroupBy(x => x.UserId)
                .Select(user => new UserSessions(user.Key, [.. user.GroupBy(x => x.DeviceId)
                    .Select(device => new DeviceSessions(device.Key, [.. device.Select(x => x.View)]))]))
                .ToList();
        }).RequireAuthorization(Staff.Operator);
}
