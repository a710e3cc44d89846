using Chat.Domain.Conversations;
using Chat.Projections.Delivery;
using Marten;
using Marten.Services.BatchQuerying;

namespace Chat.Projections.Conversations;

/// <summary>
/// The write model (<see cref="Conversation"/>) put together from the three documents it is stored as: the roster, the
/// head and one <see cref="MemberDelivery"/> per member (docs/adr/0008-member-state-off-the-message-path.md).
/// </summary>
public static class ConversationState
{
    public static async Task<Conversation?> Load(IQuerySession session, Guid conversationId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var state = Load(batch, conversationId);
        await batch.Execute(ct);
        return await state;
    }

    /// <summary>Queues the three reads on <paramref name="batch"/>; the task completes once the batch has run.</summary>
    public static Task<Conversation?> Load(IBatchedQuery batch, Guid conversationId) => Compose(
        batch.Load<ConversationRoster>(conversationId),
        batch.Load<ConversationHead>(conversationId),
        batch.Query<MemberDelivery>().Where(m => m.ConversationId == conversationId).ToList());

    private static async Task<Conversation?> Compose(
        Task<ConversationRoster?> rosterTask, Task<ConversationHead?> headTask, Task<IReadOnlyList<MemberDelivery>> deliveriesTask)
    {
        var (roster, head, deliveries) = (await rosterTask, await headTask, await deliveriesTask);
        if (roster is null || head is null) return null;
        var byUser = deliveries.ToDictionary(d => d.UserId);
        return new Conversation(roster.Id, roster.Kind, [.. roster.Members.Select(m => ToMember(m, byUser.GetValueOrDefault(m.UserId)))],
            head.LastSequence, roster.Title, new Dictionary<Guid, long>(head.LastSentBy), // a copy: the head's projection changes its own in place
            roster.BlockedBy, roster.DisappearAfterSeconds, roster.InviteCode, roster.OnlyAdminsSend, roster.InviteExpiresAt, roster.Description,
            roster.PhotoId);
    }

    private static Member ToMember(RosterMember m, MemberDelivery? delivery) => delivery is null
        ? new Member(m.UserId, m.JoinedAfter, m.JoinedAfter, m.Role, m.JoinedAfter)
        : new Member(m.UserId, delivery.DeliveredUpTo, delivery.ReadUpTo, m.Role, m.JoinedAfter, delivery.Devices, delivery.SharedReadUpTo);
}
