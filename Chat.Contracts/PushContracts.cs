namespace Chat.Contracts;

public sealed record RegisterPushTokenRequest(string? Platform, string? Token);

/// <summary>No push notifications for the conversation until <see cref="Until"/>; null mutes until unmuted.</summary>
public sealed record MuteRequest(DateTimeOffset? Until);

/// <summary>What the server posts to the push gateway (docs/protocol.md, "Push notifications"): content-free notifications.</summary>
public sealed record PushGatewayRequest(IReadOnlyList<PushNotification> Notifications);

/// <summary>
/// Wake <see cref="DeviceId"/> of <see cref="UserId"/> through <see cref="Platform"/> with <see cref="Token"/>: a message
/// is waiting (<see cref="Kind"/> "message"), or someone reacted to the user's message ("reaction": <see cref="SenderId"/>
/// reacted, <see cref="Sequence"/> and <see cref="SentAt"/> are the reaction's). No body, no emoji: the app fetches them.
/// <see cref="Unread"/> is the user's unread messages outside muted conversations, for the app's badge.
/// <see cref="Id"/> is the same on a repeat, for the gateway to drop it.
/// </summary>
public sealed record PushNotification(
    string Id, Guid UserId, string DeviceId, string Platform, string Token, Guid ConversationId, Guid MessageId, Guid SenderId,
    long Sequence, DateTimeOffset SentAt, string Kind, long Unread);

public static class PushKinds
{
    public const string Message = "message";
    public const string Reaction = "reaction";
}

/// <summary>The gateway's answer: tokens its platforms said are dead, which the server then forgets.</summary>
public sealed record PushGatewayResponse(IReadOnlyList<string>? Rejected);
