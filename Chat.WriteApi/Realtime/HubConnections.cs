using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// SignalR's default lifetime manager, remembering each connection's <see cref="HubConnectionContext"/> so that an
/// outbox can write a push serialized once for all its recipients (<see cref="Push.Serialized"/>) instead of once
/// per connection: a message to a 1,000-member group is one JSON (or MessagePack) encoding, not 999.
/// </summary>
public sealed class HubConnections(ILogger<DefaultHubLifetimeManager<ChatHub>> logger) : DefaultHubLifetimeManager<ChatHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new();

    public HubConnectionContext Get(string connectionId) => _connections[connectionId];

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }
}
