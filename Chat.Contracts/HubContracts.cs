namespace Chat.Contracts;

// The hub's payloads (docs/protocol.md). Method and event names are in HubNames.

public sealed record SendMessageRequest(Guid ConversationId, string ClientMessageId, string Body);
/// <summary><see cref="ExpiresAt"/>: sent while the disappearing timer was on, the message is deleted for everyone then.</summary>
public sealed record SendMessageResult(Guid MessageId, Guid ConversationId, long Sequence, DateTimeOffset SentAt, DateTimeOffset? ExpiresAt = null);

public sealed record ReceiptRequest(Guid ConversationId, long UpToSequence);

/// <summary><see cref="ExpiresAt"/>: a disappearing message is deleted for everyone then.</summary>
public sealed record MessageReceived(
    Guid MessageId, string ClientMessageId, Guid ConversationId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string Body,
    DateTimeOffset? ExpiresAt = null);

public sealed record RevisionRequest(Guid ConversationId, Guid MessageId);
public sealed record EditMessageRequest(Guid ConversationId, Guid MessageId, string Body);
public sealed record ReactRequest(Guid ConversationId, Guid MessageId, string? Emoji);

/// <summary>
/// A message edited, deleted for everyone or reacted to, as it stands now: a deleted one has a null body and no
/// reactions; <see cref="Reactions"/> is each member's emoji by user id. <see cref="RevisionSequence"/> is the change's
/// own sequence, which a delivered receipt covers like a message's.
/// </summary>
public sealed record MessageRevised(
    Guid MessageId, Guid ConversationId, Guid SenderId, long Sequence, long RevisionSequence, string? Body,
    DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt, Guid? DeletedBy, IReadOnlyDictionary<Guid, string> Reactions);

public sealed record ReceiptUpdated(Guid ConversationId, Guid UserId, string Kind, long UpToSequence, DateTimeOffset At);

/// <summary>
/// Members, roles, title, description, photo, the disappearing timer or who may send changed; a removed member gets it once
/// more, without themselves in it. <see cref="Blocked"/>: set only in the update a member's own block or unblock sends to their devices.
/// </summary>
public sealed record ConversationUpdated(
    Guid ConversationId, string Kind, string? Title, IReadOnlyList<MemberView> Members, bool? Blocked = null, long? DisappearAfterSeconds = null,
    bool OnlyAdminsSend = false, string? Description = null, Guid? PhotoId = null);

public sealed record TypingRequest(Guid ConversationId, bool Typing);

/// <summary>Not stored; <see cref="Typing"/> turns false by itself a few seconds after the last renewal.</summary>
public sealed record TypingChanged(Guid ConversationId, Guid UserId, bool Typing);

public sealed record HeartbeatRequest(bool Active);

/// <summary>Pushed to contacts allowed to see it; hidden fields are null.</summary>
public sealed record PresenceChanged(Guid UserId, bool? Online, DateTimeOffset? LastSeenAt);

/// <summary>
/// The user's own settings for one conversation as they now stand, to all their devices after one changed on any of
/// them. <see cref="Version"/> is the user's stream version after the change: a client keeps the highest it has applied
/// per conversation and ignores an older one arriving after it. <see cref="ClearedUpTo"/>: the user's history of the
/// conversation is cleared up to this sequence (0: not cleared); a device drops what it shows up to there. <see cref="Hidden"/>:
/// the sequences past that of the messages the user deleted for themselves; a device drops those too. <see cref="Deleted"/>:
/// the user deleted the chat; it is off their list while its last message is at or before <see cref="ClearedUpTo"/>.
/// </summary>
public sealed record ChatListChanged(
    Guid ConversationId, bool Pinned, bool Archived, bool Muted, DateTimeOffset? MutedUntil, long Version, long ClearedUpTo = 0,
    IReadOnlyList<long>? Hidden = null, bool Deleted = false);

/// <summary>A user's display name or profile photo changed: to their contacts (as presence goes) and their own devices.</summary>
public sealed record ProfileChanged(Guid UserId, string DisplayName, Guid? AvatarId);

/// <summary>Hub method names. What the server sends is named as its payload's type above (nodes rely on it to read each other's pushes).</summary>
public static class HubNames
{
    public const string Path = "/hubs/chat";
    public const string SendMessage = nameof(SendMessage);
    public const string AckDelivered = nameof(AckDelivered);
    public const string MarkRead = nameof(MarkRead);
    public const string EditMessage = nameof(EditMessage);
    public const string DeleteMessage = nameof(DeleteMessage);
    public const string React = nameof(React);
    public const string MessageRevised = nameof(MessageRevised);
    public const string MessageReceived = nameof(MessageReceived);
    public const string ReceiptUpdated = nameof(ReceiptUpdated);
    public const string ConversationUpdated = nameof(ConversationUpdated);
    public const string SetTyping = nameof(SetTyping);
    public const string Heartbeat = nameof(Heartbeat);
    public const string PresenceChanged = nameof(PresenceChanged);
    public const string TypingChanged = nameof(TypingChanged);
    public const string ChatListChanged = nameof(ChatListChanged);
    public const string ProfileChanged = nameof(ProfileChanged);
}
