using System.Collections.Concurrent;

namespace Chat.WriteApi.Realtime;

/// <summary>This node's connected clients by user: the local half of the design notes' session service.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, ClientConnection>> _byUser = new();

    public void Add(ClientConnection connection) =>
        _byUser.GetOrAdd(connection.UserId, _ => new()).TryAdd(connection.ConnectionId, connection);

    public void Remove(ClientConnection connection)
    {
        if (_byUser.TryGetValue(connection.UserId, out var connections)) connections.TryRemove(connection.ConnectionId, out _);
        connection.Close();
    }

    public ClientConnection? Find(Guid userId, string connectionId) =>
        _byUser.TryGetValue(userId, out var connections) && connections.TryGetValue(connectionId, out var c) ? c : null;

    public IReadOnlyList<ClientConnection> All() => [.. _byUser.Values.SelectMany(c => c.Values)];

    public void Push(Guid userId, Push push)
    {
        if (!_byUser.TryGetValue(userId, out var connections)) return;
        foreach (var connection in connections.Values) connection.Enqueue(push);
    }
}
