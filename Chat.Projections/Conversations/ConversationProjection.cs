using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Conversations;

/// <summary>Inline: the write model's snapshot, read by FetchForWriting on every command.</summary>
public sealed class ConversationProjection : SingleStreamProjection<Conversation, Guid>
{
    public override Conversation? Evolve(Conversation? snapshot, Guid id, IEvent e) => Conversation.Evolve(snapshot, e.Data);
}
