using Chat.Projections.Sessions;
using Chat.WriteApi.Realtime;
using Marten.Patching;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Sessions;

/// <summary>
/// This node's side of the session map (user -> devices -> node): an entry per open connection, written before the
/// connection's relay runs, so a node that commits a message after that relay started finds the connection and
/// routes the push to it (docs/adr/0006-multi-node.md). Also what this node knows of the other nodes' liveness.
/// </summary>
public sealed class SessionMap(IDocumentStore store, NodeIdentity node, ILogger<SessionMap> logger)
{
    public string NodeId => node.NodeId;

    private volatile HashSet<string> _dead = [];
    private bool _beaten;

    /// <summary>The nodes that heartbeated lately, this one included, as of the last beat.</summary>
    public IReadOnlyList<string> LiveNodes { get; private set; } = [node.NodeId];

    public async Task Open(ClientConnection connection, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(new SessionEntry(connection.ConnectionId, connection.UserId, connection.DeviceId, NodeId, connection.ConnectedAt));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Records whether the connection's app is in the background; a connection already closed stays gone.</summary>
    public async Task SetInBackground(string connectionId, bool inBackground, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Patch<SessionEntry>(connectionId).Set(e => e.InBackground, inBackground);
        await session.SaveChangesAsync(ct);
    }

    public async Task Close(string connectionId)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Delete<SessionEntry>(connectionId);
            await session.SaveChangesAsync();
        }
        catch (Exception e)
        {
            // A stale entry only costs a push that finds no connection; it goes when this node's entries expire.
            logger.LogWarning(e, "Could not remove connection {ConnectionId} from the session map", connectionId);
        }
    }

    /// <summary>The other nodes holding connections of these users; nodes known to be dead are left out, unknown ones are not.</summary>
    public async Task<ILookup<string, Guid>> NodesOf(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var ids = userIds.ToArray();
        var entries = await session.Query<SessionEntry>().Where(e => e.UserId.IsOneOf(ids)).ToListAsync(ct);
        var dead = _dead;
        return entries.Where(e => e.NodeId != NodeId && !dead.Contains(e.NodeId)).DistinctBy(e => (e.NodeId, e.UserId))
            .ToLookup(e => e.NodeId, e => e.UserId);
    }

    /// <summary>Whether another node holds a connection of the user: presence stays online while any device is connected.</summary>
    public async Task<bool> ConnectedElsewhere(Guid userId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var nodes = await session.Query<SessionEntry>().Where(e => e.UserId == userId && e.NodeId != NodeId).Select(e => e.NodeId).ToListAsync(ct);
        var dead = _dead;
        return nodes.Any(n => !dead.Contains(n));
    }

    /// <summary>Writes this node's heartbeat, forgets long-dead nodes, and returns the nodes that died since the last beat.</summary>
    public async Task<IReadOnlyList<string>> Beat(DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(new NodeHeartbeat(NodeId, now));
        var nodes = await session.Query<NodeHeartbeat>().ToListAsync(ct);
        var dead = nodes.Where(n => n.Id != NodeId && !n.IsAlive(now)).Select(n => n.Id).ToHashSet();
        var forgotten = nodes.Where(n => now - n.HeartbeatAt > TimeSpan.FromMinutes(10)).Select(n => n.Id).ToArray();
        if (forgotten.Length > 0)
        {
            session.DeleteWhere<SessionEntry>(e => e.NodeId.IsOneOf(forgotten));
            session.DeleteWhere<NodeHeartbeat>(n => n.Id.IsOneOf(forgotten));
        }
        await session.SaveChangesAsync(ct);
        // The first beat only learns who is dead already; catching up is for nodes that die while this one runs.
        var newlyDead = _beaten ? dead.Except(_dead).ToList() : [];
        (_dead, _beaten) = (dead, true);
        LiveNodes = [.. nodes.Where(n => n.IsAlive(now)).Select(n => n.Id).Append(NodeId).Distinct()];
        return newlyDead;
    }
}
