using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class ListBlocked
{
    /// <summary>
    /// GET /api/me/blocked: the users the caller blocks, each with the direct conversation the block stands in (where
    /// <c>DELETE /api/conversations/{id}/block</c> lifts it), from the inline rosters; a settings screen's list.
    /// </summary>
    public static void MapListBlocked(this IEndpointRouteBuilder api) =>
        api.MapGet("/me/blocked", async (HttpContext http, IQuerySession session) =>
        {
            var me = http.User.UserId();
            var rosters = await session.Query<ConversationRoster>().Where(r => r.MemberIds.Contains(me))
                .Select(r => new { r.Id, r.MemberIds, r.BlockedBy }).ToListAsync(http.RequestAborted);
            return rosters.Where(r => r.BlockedBy is not null && r.BlockedBy.Contains(me))
                .Select(r => new BlockedUser(r.MemberIds.Single(id => id != me), r.Id)).ToList();
        });
}
