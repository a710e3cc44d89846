using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Typing;
using Chat.WriteApi.Presence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi;

/// <summary>The realtime endpoint at /hubs/chat. Use-case methods live beside their HTTP twins (Messaging/).</summary>
[Authorize]
public sealed partial class ChatHub(
    ConversationWriter writer, ConnectionRegistry connections, Relay relay, TypingIndicators typing, PresenceTracker presence, IDocumentStore store,
    IHubContext<ChatHub> hub, TimeProvider clock, ILogger<ChatHub> logger) : Hub
{
    private Guid CurrentUserId => Context.User!.UserId();
    private string CurrentDeviceId => Context.User!.DeviceId();

    public override async Task OnConnectedAsync()
    {
        var connection = new ClientConnection(Context, CurrentUserId, CurrentDeviceId, clock.GetUtcNow());
        // Registered before the relay query, so nothing committed in between can fall through the gap.
        connections.Add(connection);
        _ = Pump(connection, hub.Clients.Client(connection.ConnectionId), Context.ConnectionAborted);
        await presence.Connected(CurrentUserId, Context.ConnectionId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Find(CurrentUserId, Context.ConnectionId) is { } connection) connections.Remove(connection);
        if (Context.Items.TryGetValue(typeof(TypingRateLimit), out var limiter)) (limiter as IDisposable)?.Dispose();
        await presence.Disconnected(CurrentUserId, Context.ConnectionId);
    }

    /// <summary>First the relay of what the user missed, then live pushes, skipping those the relay already sent.</summary>
    private async Task Pump(ClientConnection connection, ISingleClientProxy client, CancellationToken ct)
    {
        try
        {
            var replayed = await relay.Replay(connection.UserId, connection.DeviceId, m => client.SendAsync(HubNames.MessageReceived, m, ct), ct);
            await foreach (var push in connection.Outbox.ReadAllAsync(ct))
            {
                if (push.Payload is MessageReceived m && replayed.TryGetValue(m.ConversationId, out var upTo) && m.Sequence <= upTo) continue;
                await client.SendAsync(push.Method, push.Payload, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The client reconnects and the relay starts again from its acknowledged watermark.
            logger.LogWarning(e, "Delivery to connection {ConnectionId} of user {UserId} failed; closing it", connection.ConnectionId, connection.UserId);
            connections.Remove(connection);
            connection.Abort();
        }
    }
}
