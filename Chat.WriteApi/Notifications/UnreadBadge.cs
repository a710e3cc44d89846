using Chat.Domain.Users;
using Chat.Projections.Summaries;

namespace Chat.WriteApi.Notifications;

/// <summary>
/// The number a woken app shows on its icon (APNs' badge; Matrix's push gateways get it as <c>counts.unread</c>): the user's
/// unread messages as the conversation list counts them, less the conversations the user muted. The summaries are an async
/// projection of their own that may trail the notifier, so messages of the notifier's page that a summary has not
/// reached yet are counted from the page.
/// </summary>
public static class UnreadBadge
{
    public static long For(Guid userId, IEnumerable<Guid> conversationIds, IReadOnlyDictionary<Guid, ConversationSummary> summaries,
        IReadOnlyDictionary<Guid, DateTimeOffset?> muted, IReadOnlyList<MessageSent> page, DateTimeOffset now) =>
        conversationIds.Where(id => !muted.IsMuted(id, now)).Sum(id =>
        {
            var arrived = page.Where(m => m.ConversationId == id && m.SenderId != userId);
            return summaries.TryGetValue(id, out var summary)
                ? summary.UnreadCountFor(userId) + arrived.Count(m => m.Sequence > summary.LastSequence)
                : arrived.Count();
        });
}
