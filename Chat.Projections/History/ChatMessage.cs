using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace Chat.Projections.History;

/// <summary>
/// One message of a conversation's history as it stands; <see cref="Id"/> is the message id. An edited message has its
/// latest body and <see cref="EditedAt"/>; a deleted one an empty body, <see cref="DeletedAt"/> and <see cref="DeletedBy"/>.
/// <see cref="Reactions"/> is each member's emoji (none once deleted). <see cref="RevisionSequence"/> is the sequence of
/// its latest edit, deletion or reaction: what the relay looks for past a device's watermark. <see cref="ExpiresAt"/>: when
/// a disappearing message is deleted (docs/adr/0018-disappearing-messages.md).
/// </summary>
public sealed record ChatMessage(
    Guid Id, Guid ConversationId, long Sequence, Guid SenderId, string ClientMessageId, string Body, DateTimeOffset SentAt,
    string? SenderDeviceId = null, DateTimeOffset? EditedAt = null, DateTimeOffset? DeletedAt = null, Guid? DeletedBy = null,
    long? RevisionSequence = null, Dictionary<Guid, string>? Reactions = null, DateTimeOffset? ExpiresAt = null)
{
    // Reactions start empty, not null: a reaction is patched in as a key under them.
    public static ChatMessage From(MessageSent m) =>
        new(m.MessageId, m.ConversationId, m.Sequence, m.SenderId, m.ClientMessageId, m.Body, m.SentAt, m.SenderDeviceId, Reactions: [], ExpiresAt: m.ExpiresAt);

    public ChatMessage Revised(object revision) => revision switch
    {
        MessageEdited e => this with { Body = e.Body, EditedAt = e.At, RevisionSequence = e.Sequence },
        MessageDeleted e => this with { Body = "", DeletedAt = e.At, DeletedBy = e.DeletedBy, RevisionSequence = e.Sequence, Reactions = null },
        ReactionChanged e => this with { Reactions = Reacted(e), RevisionSequence = e.Sequence },
        _ => this,
    };

    public MessageFacts ToFacts() => new(Id, ConversationId, SenderId, Sequence, SentAt, DeletedAt is null ? Body : null, Reactions, ExpiresAt);

    private Dictionary<Guid, string> Reacted(ReactionChanged e)
    {
        var reactions = new Dictionary<Guid, string>(Reactions ?? []);
        if (e.Emoji is null) reactions.Remove(e.UserId);
        else reactions[e.UserId] = e.Emoji;
        return reactions;
    }
}

/// <summary>
/// Inline: the offline relay and history must see every acknowledged message at once, and the insert
/// (not an upsert) makes a second message with the same id fail the commit, the last guard of idempotency.
/// </summary>
public sealed partial class ChatHistoryProjection : EventProjection
{
    public ChatHistoryProjection() => Options.DeleteViewTypeOnTeardown<ChatMessage>();

    public void Project(IEvent<MessageSent> e, IDocumentOperations ops) => ops.Insert(ChatMessage.From(e.Data));

    // Patches, not load and store: a rebuild's page inserts a message and revises it before either reaches the database.
    public void Project(IEvent<MessageEdited> e, IDocumentOperations ops) => ops.Patch<ChatMessage>(e.Data.MessageId)
        .Set(m => m.Body, e.Data.Body).Set(m => m.EditedAt, e.Data.At).Set(m => m.RevisionSequence, e.Data.Sequence);

    public void Project(IEvent<MessageDeleted> e, IDocumentOperations ops) => ops.Patch<ChatMessage>(e.Data.MessageId)
        .Set(m => m.Body, "").Set(m => m.DeletedAt, e.Data.At).Set(m => m.DeletedBy, e.Data.DeletedBy).Set(m => m.RevisionSequence, e.Data.Sequence)
        .Set(m => m.Reactions, null);

    // One member's key under the reactions.
    public void Project(IEvent<ReactionChanged> e, IDocumentOperations ops)
    {
        var patch = ops.Patch<ChatMessage>(e.Data.MessageId).Set(m => m.RevisionSequence, e.Data.Sequence);
        if (e.Data.Emoji is null) patch.Delete(e.Data.UserId.ToString(), m => m.Reactions);
        else patch.Set(e.Data.UserId.ToString(), m => m.Reactions, e.Data.Emoji);
    }
}
