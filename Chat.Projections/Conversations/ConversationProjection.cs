using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Conversations;

/// <summary>Inline: the write model's snapshot, read by FetchForWriting on every command.</summary>
public sealed class ConversationProjection : SingleStreamProjection<Conversation, Guid>
{
    // Only conversation streams: user streams carry presence events that are none of this projection's business.
    public ConversationProjection() => FilterIncomingEventsOnStreamType(typeof(Conversation));

    public override Conversation? Evolve(Conversation? snapshot, Guid id, IEvent e) => Conversation.Evolve(snapshot, e.Data);
}
