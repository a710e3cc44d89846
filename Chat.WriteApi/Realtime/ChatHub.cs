using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Typing;
using Chat.WriteApi.Presence;
using Chat.WriteApi.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi;

/// <summary>The realtime endpoint at /hubs/chat. Use-case methods live beside their HTTP twins (Messaging/).</summary>
[Authorize]
public sealed partial class ChatHub(
    CommandRouter writer, ConnectionRegistry connections, SessionMap sessions, Relay relay, TypingIndicators typing, PresenceTracker presence,
    IDocumentStore store, HubConnections hubConnections, ReadReceiptSettings readReceipts, TimeProvider clock, ILogger<ChatHub> logger) : Hub
{
    private Guid CurrentUserId => Context.User!.UserId();
    private string CurrentDeviceId => Context.User!.DeviceId();

    public override async Task OnConnectedAsync()
    {
        var connection = new ClientConnection(
            Context, hubConnections.Get(Context.ConnectionId), CurrentUserId, CurrentDeviceId, clock.GetUtcNow(), logger);
        // Registered here and in the session map before the relay query, so nothing committed in between can fall
        // through the gap, whichever node commits it (docs/adr/0003-delivery-and-relay.md, 0006-multi-node.md).
        connections.Add(connection);
        await sessions.Open(connection, Context.ConnectionAborted);
        connection.Start(relay);
        await presence.Connected(CurrentUserId, Context.ConnectionId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Find(CurrentUserId, Context.ConnectionId) is { } connection) connections.Remove(connection);
        await sessions.Close(Context.ConnectionId);
        if (Context.Items.TryGetValue(typeof(TypingRateLimit), out var limiter)) (limiter as IDisposable)?.Dispose();
        await presence.Disconnected(CurrentUserId, Context.ConnectionId);
    }
}
