namespace Chat.Domain.Conversations;

public sealed record DirectConversationOpened(Guid ConversationId, Guid[] MemberIds, Guid OpenedBy, DateTimeOffset OpenedAt);

/// <summary>A message; <see cref="SenderDeviceId"/> is the device it came from, so the sender's other devices get it too.</summary>
public sealed record MessageSent(
    Guid ConversationId, Guid MessageId, Guid SenderId, string ClientMessageId, long Sequence, string Body, DateTimeOffset SentAt,
    string? SenderDeviceId = null);

/// <summary>
/// The member's device <see cref="DeviceId"/> holds every message up to <see cref="UpToSequence"/>; the member's
/// delivered watermark (the double tick) is the highest of their devices'.
/// </summary>
public sealed record MessagesDelivered(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At, string? DeviceId = null);

/// <summary>The member has read every message up to <see cref="UpToSequence"/> on device <see cref="DeviceId"/> (the blue tick); implies delivered.</summary>
public sealed record MessagesRead(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At, string? DeviceId = null);

/// <summary>A group with its creator as the first admin; <see cref="MemberIds"/> includes the creator.</summary>
public sealed record GroupCreated(Guid ConversationId, string Title, Guid CreatedBy, Guid[] MemberIds, DateTimeOffset At);

/// <summary>New members see the conversation from <see cref="AfterSequence"/> on, not the earlier history.</summary>
public sealed record MembersAdded(Guid ConversationId, Guid[] UserIds, Guid AddedBy, long AfterSequence, DateTimeOffset At);

/// <summary>Removed by an admin, or left when <see cref="RemovedBy"/> is the member; nothing after <see cref="AfterSequence"/> reaches them.</summary>
public sealed record MemberRemoved(Guid ConversationId, Guid UserId, Guid RemovedBy, long AfterSequence, DateTimeOffset At);

public sealed record GroupRenamed(Guid ConversationId, string Title, Guid RenamedBy, DateTimeOffset At);

public sealed record AdminPromoted(Guid ConversationId, Guid UserId, Guid By, DateTimeOffset At);

public sealed record AdminDemoted(Guid ConversationId, Guid UserId, Guid By, DateTimeOffset At);
