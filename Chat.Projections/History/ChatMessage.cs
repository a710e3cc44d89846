using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Chat.Projections.History;

/// <summary>One message of a conversation's history; <see cref="Id"/> is the message id.</summary>
public sealed record ChatMessage(
    Guid Id, Guid ConversationId, long Sequence, Guid SenderId, string ClientMessageId, string Body, DateTimeOffset SentAt,
    string? SenderDeviceId = null);

/// <summary>
/// Inline: the offline relay and history must see every acknowledged message at once, and the insert
/// (not an upsert) makes a second message with the same id fail the commit, the last guard of idempotency.
/// </summary>
public sealed partial class ChatHistoryProjection : EventProjection
{
    public ChatHistoryProjection() => Options.DeleteViewTypeOnTeardown<ChatMessage>();

    public void Project(IEvent<MessageSent> e, IDocumentOperations ops) =>
        ops.Insert(new ChatMessage(e.Data.MessageId, e.Data.ConversationId, e.Data.Sequence, e.Data.SenderId,
            e.Data.ClientMessageId, e.Data.Body, e.Data.SentAt, e.Data.SenderDeviceId));
}
