namespace Chat.Domain.Conversations;

public sealed record DirectConversationOpened(Guid ConversationId, Guid[] MemberIds, Guid OpenedBy, DateTimeOffset OpenedAt);

public sealed record MessageSent(
    Guid ConversationId, Guid MessageId, Guid SenderId, string ClientMessageId, long Sequence, string Body, DateTimeOffset SentAt);

/// <summary>The member's clients hold every message up to <see cref="UpToSequence"/> (the double tick).</summary>
public sealed record MessagesDelivered(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At);

/// <summary>The member has read every message up to <see cref="UpToSequence"/> (the blue tick); implies delivered.</summary>
public sealed record MessagesRead(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset At);
