using System.Collections.Concurrent;
using System.Collections.Immutable;

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

    /// <summary>Queues the push to every connection of the user, except those of <paramref name="exceptDevice"/> (the device it came from).</summary>
    public void Push(Guid userId, Push push, string? exceptDevice = null)
    {
        if (!_byUser.TryGetValue(userId, out var connections)) return;
        foreach (var connection in connections)
            if (connection.DeviceId != exceptDevice) connection.Enqueue(push);
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
}
