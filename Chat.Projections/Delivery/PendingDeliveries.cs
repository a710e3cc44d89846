using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Delivery;

/// <summary>How far a member's clients have acknowledged, and the last message someone else sent them.</summary>
public sealed record MemberDelivery(long DeliveredUpTo, long LastIncoming);

/// <summary>
/// Per conversation: who still has messages from others to get (the design notes' "unsent messages" table).
/// <see cref="PendingUserIds"/> is what a connecting client's relay query looks up.
/// </summary>
public sealed record PendingDeliveries(Guid Id, Dictionary<Guid, MemberDelivery> Members, Guid[] PendingUserIds)
{
    public long DeliveredUpToFor(Guid userId) => Members.TryGetValue(userId, out var m) ? m.DeliveredUpTo : 0;
}

/// <summary>Inline: a client that connects must find every message committed before it, never a stale view.</summary>
public sealed class PendingDeliveriesProjection : SingleStreamProjection<PendingDeliveries, Guid>
{
    // Only conversation streams: user streams carry presence events that are none of this projection's business.
    public PendingDeliveriesProjection() => FilterIncomingEventsOnStreamType(typeof(Conversation));

    public override PendingDeliveries? Evolve(PendingDeliveries? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => new PendingDeliveries(id, o.MemberIds.ToDictionary(m => m, _ => new MemberDelivery(0, 0)), []),
        (not null, MessageSent m) => WithPending(snapshot, snapshot.Members.ToDictionary(
            kv => kv.Key, kv => kv.Key == m.SenderId ? kv.Value : kv.Value with { LastIncoming = m.Sequence })),
        (not null, MessagesDelivered d) => Advance(snapshot, d.UserId, d.UpToSequence),
        (not null, MessagesRead r) => Advance(snapshot, r.UserId, r.UpToSequence),
        (null, GroupCreated g) => new PendingDeliveries(id, g.MemberIds.ToDictionary(m => m, _ => new MemberDelivery(0, 0)), []),
        (not null, MembersAdded a) => WithPending(snapshot, new Dictionary<Guid, MemberDelivery>(snapshot.Members.Concat(
            a.UserIds.Select(u => KeyValuePair.Create(u, new MemberDelivery(a.AfterSequence, a.AfterSequence)))))),
        (not null, MemberRemoved r) => WithPending(snapshot, snapshot.Members.Where(kv => kv.Key != r.UserId).ToDictionary()),
        _ => snapshot,
    };

    private static PendingDeliveries Advance(PendingDeliveries state, Guid userId, long upTo)
    {
        if (!state.Members.TryGetValue(userId, out var member) || upTo <= member.DeliveredUpTo) return state;
        return WithPending(state, new Dictionary<Guid, MemberDelivery>(state.Members) { [userId] = member with { DeliveredUpTo = upTo } });
    }

    private static PendingDeliveries WithPending(PendingDeliveries state, Dictionary<Guid, MemberDelivery> members) => state with
    {
        Members = members,
        PendingUserIds = [.. members.Where(kv => kv.Value.LastIncoming > kv.Value.DeliveredUpTo).Select(kv => kv.Key)],
    };
}
