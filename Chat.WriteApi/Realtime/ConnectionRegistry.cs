using System.Collections.Concurrent;
using System.Collections.Immutable;
using MassTransit;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// This node's connected clients by user: the local half of the design notes' session service. A user's entry
/// is an immutable array swapped atomically, and disappears with the user's last connection.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<ClientConnection>> _byUser = new();

    public void Add(ClientConnection connection) =>
        _byUser.AddOrUpdate(connection.UserId, _ => [connection], (_, existing) => existing.Add(connection));

    public void Remove(ClientConnection connection)
    {
        while (_byUser.TryGetValue(connection.UserId, out var existing))
        {
            var remaining = existing.Remove(connection);
            var swapped = remaining.IsEmpty
                ? _byUser.TryRemove(KeyValuePair.Create(connection.UserId, existing))
                : _byUser.TryUpdate(connection.UserId, remaining, existing);
            if (swapped) break;
        }
        connection.Close();
    }

    public ClientConnection? Find(Guid userId, string connectionId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections.FirstOrDefault(c => c.ConnectionId == connectionId) : null;

    public IReadOnlyList<ClientConnection> All() => [.. _byUser.Values.SelectMany(c => c)];

    /// <summary>Queues the push to this node's connections of the users, except the device the fanout skips.</summary>
    public void Push(Fanout fanout)
    {
        foreach (var userId in fanout.UserIds)
        {
            if (!_byUser.TryGetValue(userId, out var connections)) continue;
            foreach (var connection in connections)
                if (!fanout.Skips(userId, connection.DeviceId)) connection.Enqueue(fanout.Push);
        }
    }

    /// <summary>Every connection replays what its device has not acknowledged: pushes may have been lost elsewhere.</summary>
    public void CatchUpAll()
    {
        foreach (var connection in All()) connection.CatchUp();
    }

    /// <summary>Ends the connections of a removed device; its clients cannot reconnect, their token no longer validates.</summary>
    public void Disconnect(Guid userId, string deviceId)
    {
        if (!_byUser.TryGetValue(userId, out var connections)) return;
        foreach (var connection in connections.Where(c => c.DeviceId == deviceId))
        {
            Remove(connection);
            connection.Abort();
        }
    }

    /// <summary>Ends the device's connections here at once and asks every other node to end theirs (a removed device, a deleted or suspended account).</summary>
    public async Task DisconnectEverywhere(IPublishEndpoint bus, Guid userId, string deviceId, CancellationToken ct)
    {
        Disconnect(userId, deviceId);
        await bus.Publish(new DeviceDisconnectRequested(userId, deviceId), ct);
    }
}
