using Chat.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Client;

public enum HubProtocol { Json, MessagePack }

/// <summary>The realtime half of the protocol: one hub connection for a signed-in user.</summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private readonly HubConnection _hub;

    public event Action<MessageReceived>? MessageReceived;
    public event Action<MessageRevised>? MessageRevised;
    public event Action<ReceiptUpdated>? ReceiptUpdated;
    public event Action<ConversationUpdated>? ConversationUpdated;
    public event Action<TypingChanged>? TypingChanged;
    public event Action<PresenceChanged>? PresenceChanged;
    public event Action<ChatListChanged>? ChatListChanged;
    public event Action<ProfileChanged>? ProfileChanged;

    public ChatConnection(Uri server, string accessToken, HttpTransportType transports = HttpTransportType.WebSockets,
        HubProtocol protocol = HubProtocol.Json, bool autoReconnect = false)
        : this(server, () => Task.FromResult<string?>(accessToken), transports, protocol, autoReconnect)
    {
    }

    /// <summary>
    /// A connection that asks for the token each time it connects: the server closes a connection when its token
    /// expires, so a long-lived client passes its latest refreshed token (e.g. <c>() => api.AccessToken</c>) and reconnects.
    /// </summary>
    public ChatConnection(Uri server, Func<Task<string?>> accessTokenProvider, HttpTransportType transports = HttpTransportType.WebSockets,
        HubProtocol protocol = HubProtocol.Json, bool autoReconnect = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, HubNames.Path), options =>
        {
            options.AccessTokenProvider = accessTokenProvider;
            options.Transports = transports;
            options.SkipNegotiation = transports == HttpTransportType.WebSockets;
        });
        if (protocol == HubProtocol.MessagePack) builder.AddMessagePackProtocol();
        if (autoReconnect) builder.WithAutomaticReconnect();
        _hub = builder.Build();
        _hub.On<MessageReceived>(HubNames.MessageReceived, m => MessageReceived?.Invoke(m));
        _hub.On<MessageRevised>(HubNames.MessageRevised, r => MessageRevised?.Invoke(r));
        _hub.On<ReceiptUpdated>(HubNames.ReceiptUpdated, r => ReceiptUpdated?.Invoke(r));
        _hub.On<ConversationUpdated>(HubNames.ConversationUpdated, c => ConversationUpdated?.Invoke(c));
        _hub.On<TypingChanged>(HubNames.TypingChanged, t => TypingChanged?.Invoke(t));
        _hub.On<PresenceChanged>(HubNames.PresenceChanged, p => PresenceChanged?.Invoke(p));
        _hub.On<ChatListChanged>(HubNames.ChatListChanged, c => ChatListChanged?.Invoke(c));
        _hub.On<ProfileChanged>(HubNames.ProfileChanged, p => ProfileChanged?.Invoke(p));
    }

    public Task Start(CancellationToken ct = default) => _hub.StartAsync(ct);

    public HubConnectionState State => _hub.State;

    /// <summary>Raised when the connection is back after a drop (with automatic reconnect); the relay replays what was missed.</summary>
    public event Func<string?, Task> Reconnected
    {
        add => _hub.Reconnected += value;
        remove => _hub.Reconnected -= value;
    }

    /// <summary>Raised when the connection is closed for good (without automatic reconnect, or when it gives up).</summary>
    public event Func<Exception?, Task> Closed
    {
        add => _hub.Closed += value;
        remove => _hub.Closed -= value;
    }

    public Task<SendMessageResult> Send(Guid conversationId, string clientMessageId, string body, CancellationToken ct = default) =>
        _hub.InvokeAsync<SendMessageResult>(HubNames.SendMessage, new SendMessageRequest(conversationId, clientMessageId, body), ct);

    /// <summary>The sender's edit, for 15 minutes after sending; answers the message as it now stands.</summary>
    public Task<MessageRevised> Edit(Guid conversationId, Guid messageId, string body, CancellationToken ct = default) =>
        _hub.InvokeAsync<MessageRevised>(HubNames.EditMessage, new EditMessageRequest(conversationId, messageId, body), ct);

    /// <summary>The caller's reaction to a message (one per member), or none with a null emoji.</summary>
    public Task<MessageRevised> React(Guid conversationId, Guid messageId, string? emoji, CancellationToken ct = default) =>
        _hub.InvokeAsync<MessageRevised>(HubNames.React, new ReactRequest(conversationId, messageId, emoji), ct);

    /// <summary>Deletes a message for everyone (its sender, or an admin of the group).</summary>
    public Task<MessageRevised> Delete(Guid conversationId, Guid messageId, CancellationToken ct = default) =>
        _hub.InvokeAsync<MessageRevised>(HubNames.DeleteMessage, new RevisionRequest(conversationId, messageId), ct);

    public Task AckDelivered(Guid conversationId, long upToSequence, CancellationToken ct = default) =>
        _hub.InvokeAsync(HubNames.AckDelivered, new ReceiptRequest(conversationId, upToSequence), ct);

    public Task MarkRead(Guid conversationId, long upToSequence, CancellationToken ct = default) =>
        _hub.InvokeAsync(HubNames.MarkRead, new ReceiptRequest(conversationId, upToSequence), ct);

    public Task SetTyping(Guid conversationId, bool typing, CancellationToken ct = default) =>
        _hub.InvokeAsync(HubNames.SetTyping, new TypingRequest(conversationId, typing), ct);

    public Task Heartbeat(bool active, CancellationToken ct = default) => _hub.InvokeAsync(HubNames.Heartbeat, new HeartbeatRequest(active), ct);

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
