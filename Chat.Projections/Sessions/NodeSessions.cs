namespace Chat.Projections.Sessions;

public sealed record NodeSession(Guid UserId, string DeviceId, string ConnectionId, DateTimeOffset ConnectedAt);

/// <summary>
/// The session map's share of one server process: who is connected to it, rewritten by the node on every
/// heartbeat. Not event-sourced: it is ephemeral state, and a node that stops heartbeating simply expires.
/// </summary>
public sealed record NodeSessions(string Id, DateTimeOffset HeartbeatAt, NodeSession[] Sessions)
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(15);

    public bool IsAlive(DateTimeOffset now) => now - HeartbeatAt < ExpiresAfter;
}
