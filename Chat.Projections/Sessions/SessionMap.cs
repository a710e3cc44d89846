namespace Chat.Projections.Sessions;

/// <summary>
/// One open connection in the session map (user, device, node): stored when the connection opens, before its relay
/// runs, and deleted when it closes. Not event-sourced: it is ephemeral state, and the entries of a node that stops
/// heartbeating are ignored and later deleted. <see cref="InBackground"/>: the client's last heartbeat said its app is
/// not in front (`active: false`), so its device is woken by push notifications as if it were not connected.
/// </summary>
public sealed record SessionEntry(string Id, Guid UserId, string DeviceId, string NodeId, DateTimeOffset ConnectedAt, bool InBackground = false);

/// <summary>A server process's liveness, rewritten every <see cref="Interval"/>.</summary>
public sealed record NodeHeartbeat(string Id, DateTimeOffset HeartbeatAt)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(15);

    public bool IsAlive(DateTimeOffset now) => now - HeartbeatAt < ExpiresAfter;
}
