namespace Chat.Domain.Conversations;

public abstract record ConversationCommand(Guid ConversationId, Guid UserId);

public sealed record SendMessage(Guid ConversationId, Guid UserId, Guid MessageId, string ClientMessageId, string Body, DateTimeOffset Now)
    : ConversationCommand(ConversationId, UserId);

public sealed record AckDelivered(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset Now)
    : ConversationCommand(ConversationId, UserId);

public sealed record MarkRead(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset Now)
    : ConversationCommand(ConversationId, UserId);
