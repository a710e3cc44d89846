namespace Chat.Domain.Conversations;

public sealed record DirectConversationOpened(Guid ConversationId, Guid[] MemberIds, Guid OpenedBy, DateTimeOffset OpenedAt);

/// <summary>
/// A message; <see cref="SenderDeviceId"/> is the device it came from, so the sender's other devices get it too.
/// <see cref="ExpiresAt"/>: sent while the conversation's disappearing timer was on, it is deleted for everyone then.
/// </summary>
public sealed record MessageSent(
    Guid ConversationId, Guid MessageId, Guid SenderId, string ClientMessageId, long Sequence, string Body, DateTimeOffset SentAt,
    string? SenderDeviceId = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// The sender replaced the body of message <see cref="MessageId"/>. <see cref="Sequence"/> is the edit's own place in the
/// conversation, so devices offline now get it as they get messages; it is not a message: nobody's unread count grows.
/// </summary>
public sealed record MessageEdited(
    Guid ConversationId, Guid MessageId, Guid EditorId, long Sequence, string Body, DateTimeOffset At, string? DeviceId = null);

/// <summary>
/// Message <see cref="MessageId"/> deleted for everyone, by its sender or a group admin, or by its disappearing timer
/// (<see cref="DeletedBy"/> is then <see cref="Guid.Empty"/>); its body is erased from the store
/// (docs/adr/0016-edit-and-delete.md). <see cref="Sequence"/> as for <see cref="MessageEdited"/>.
/// </summary>
public sealed record MessageDeleted(Guid ConversationId, Guid MessageId, Guid DeletedBy, long Sequence, DateTimeOffset At, string? DeviceId = null);

/// <summary>
/// Member <see cref="UserId"/> reacted to message <see cref="MessageId"/> with <see cref="Emoji"/>, replacing their
/// earlier reaction, or took it back (null). <see cref="Sequence"/> as for <see cref="MessageEdited"/>.
/// </summary>
public sealed record ReactionChanged(
    Guid ConversationId, Guid MessageId, Guid UserId, long Sequence, string? Emoji, DateTimeOffset At, string? DeviceId = null);

/// <summary>
/// The member's device <see cref="DeviceId"/> holds every message up to <see cref="UpToSequence"/>; the member's
/// delivered watermark (the double tick) is the highest of their devices'.
/// </summary>
public sealed record MessagesDelivered(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At, string? DeviceId = null);

/// <summary>
/// The member has read every message up to <see cref="UpToSequence"/> on device <see cref="DeviceId"/> (the blue tick); implies
/// delivered. <see cref="Private"/>: read with read receipts off, in a direct conversation; the other member sees it as
/// delivered only (docs/adr/0026-read-receipts-off.md).
/// </summary>
public sealed record MessagesRead(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At, string? DeviceId = null, bool Private = false);

/// <summary>A group with its creator as the first admin; <see cref="MemberIds"/> includes the creator.</summary>
public sealed record GroupCreated(Guid ConversationId, string Title, Guid CreatedBy, Guid[] MemberIds, DateTimeOffset At);

/// <summary>New members see the conversation from <see cref="AfterSequence"/> on, not the earlier history.</summary>
public sealed record MembersAdded(Guid ConversationId, Guid[] UserIds, Guid AddedBy, long AfterSequence, DateTimeOffset At);

/// <summary>Removed by an admin, or left when <see cref="RemovedBy"/> is the member; nothing after <see cref="AfterSequence"/> reaches them.</summary>
public sealed record MemberRemoved(Guid ConversationId, Guid UserId, Guid RemovedBy, long AfterSequence, DateTimeOffset At);

/// <summary>
/// The group's invite link is now <see cref="Code"/>; an earlier one stops working. Anyone holding it may join, until
/// <see cref="ExpiresAt"/> when there is one (docs/adr/0021-group-invite-links.md).
/// </summary>
public sealed record GroupInviteLinkSet(Guid ConversationId, string Code, Guid SetBy, DateTimeOffset At, DateTimeOffset? ExpiresAt = null);

/// <summary>From now on only the group's admins send messages (<see cref="OnlyAdmins"/>), or every member again.</summary>
public sealed record GroupSendPolicySet(Guid ConversationId, bool OnlyAdmins, Guid SetBy, DateTimeOffset At);

public sealed record GroupInviteLinkRevoked(Guid ConversationId, Guid RevokedBy, DateTimeOffset At);

public sealed record GroupRenamed(Guid ConversationId, string Title, Guid RenamedBy, DateTimeOffset At);

/// <summary>The group's description, or none (null) (docs/adr/0029-group-description-and-photo.md).</summary>
public sealed record GroupDescriptionSet(Guid ConversationId, string? Description, Guid SetBy, DateTimeOffset At);

/// <summary>The group's photo is now <see cref="PhotoId"/>, or none (null).</summary>
public sealed record GroupPhotoChanged(Guid ConversationId, Guid? PhotoId, Guid ChangedBy, DateTimeOffset At);

public sealed record AdminPromoted(Guid ConversationId, Guid UserId, Guid By, DateTimeOffset At);

public sealed record AdminDemoted(Guid ConversationId, Guid UserId, Guid By, DateTimeOffset At);

/// <summary>
/// <see cref="BlockedBy"/> blocked <see cref="UserId"/>, the other member of this direct conversation: neither sends,
/// edits or reacts in it until the block is lifted (docs/adr/0017-blocking.md).
/// </summary>
public sealed record UserBlocked(Guid ConversationId, Guid BlockedBy, Guid UserId, DateTimeOffset At);

public sealed record UserUnblocked(Guid ConversationId, Guid UnblockedBy, Guid UserId, DateTimeOffset At);

/// <summary>
/// Messages sent from now on disappear <see cref="AfterSeconds"/> after they were sent; null turns the timer off
/// (docs/adr/0018-disappearing-messages.md).
/// </summary>
public sealed record DisappearingTimerSet(Guid ConversationId, long? AfterSeconds, Guid SetBy, DateTimeOffset At);
