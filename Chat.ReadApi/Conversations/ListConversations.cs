using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Notifications;
using Chat.Projections.Summaries;

namespace Chat.ReadApi.Conversations;

public static class ListConversations
{
    public const int MaxConversations = 1_000;

    /// <summary>
    /// GET /api/conversations: the caller's conversations, most recent activity first. The roster (written only when
    /// membership changes) finds them, and their summaries are read by id: a summary changes with every message, and an
    /// index over its members would be rewritten with it.
    /// </summary>
    public static void MapListConversations(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations", async (HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var muted = (await session.LoadAsync<UserPushTargets>(me, http.RequestAborted))?.Muted ?? Mutes.None;
            var now = clock.GetUtcNow();
            var ids = await session.Query<ConversationRoster>()
                .Where(r => r.MemberIds.Contains(me))
                .Select(r => r.Id)
                .ToListAsync(http.RequestAborted);
            var summaries = await session.Query<ConversationSummary>()
                .Where(s => ids.Contains(s.Id))
                .OrderByDescending(s => s.LastActivityAt)
                .Take(MaxConversations)
                .ToListAsync(http.RequestAborted);
            return summaries
                .Select(s => new ConversationListItem(
                    s.Id, s.Kind.WireName(), s.MemberIds,
                    s.LastMessage is { } m ? new LastMessageView(m.MessageId, m.SenderId, m.Sequence, m.SentAt,
                        m.DeletedAt is null ? m.Body : null, m.EditedAt, m.DeletedAt) : null,
                    s.UnreadCountFor(me), s.LastSequence, s.Title, muted.IsMuted(s.Id, now), muted.IsMuted(s.Id, now) ? muted[s.Id] : null))
                .ToList();
        });
}
