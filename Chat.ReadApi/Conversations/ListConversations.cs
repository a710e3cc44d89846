using Chat.Projections.Conversations;
using Chat.Projections.Summaries;

namespace Chat.ReadApi.Conversations;

public static class ListConversations
{
    public const int MaxConversations = 1_000;

    /// <summary>GET /api/conversations: the caller's conversations, most recent activity first.</summary>
    public static void MapListConversations(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations", async (HttpContext http, IQuerySession session) =>
        {
            var me = http.User.UserId();
            var summaries = await session.Query<ConversationSummary>()
                .Where(s => s.MemberIds.Contains(me))
                .OrderByDescending(s => s.LastActivityAt)
                .Take(MaxConversations)
                .ToListAsync(http.RequestAborted);
            return summaries.Select(s => new ConversationListItem(
                s.Id, s.Kind.WireName(), s.MemberIds,
                s.LastMessage is { } m ? new LastMessageView(m.MessageId, m.SenderId, m.Sequence, m.SentAt, m.Body) : null,
                s.UnreadCountFor(me), s.LastSequence, s.Title)).ToList();
        });
}
