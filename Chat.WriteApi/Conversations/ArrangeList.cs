using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.WriteApi.Accounts;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Conversations;

/// <summary>
/// PUT / DELETE /api/conversations/{id}/pin and /archive: the caller's own list, on all their devices (events in their
/// stream, docs/adr/0022-archive-and-pin.md). 204, safe to repeat; members only.
/// </summary>
public static class ArrangeList
{
    public static void MapArrangeList(this IEndpointRouteBuilder api)
    {
        Map(api, "pin", (layout, me, id, on, now) => layout.Pin(me, id, on, now));
        Map(api, "archive", (layout, me, id, on, now) => layout.Archive(me, id, on, now));
    }

    private delegate object? Decide(ChatListLayout layout, Guid userId, Guid conversationId, bool on, DateTimeOffset now);

    private static void Map(IEndpointRouteBuilder api, string what, Decide decide)
    {
        async Task<IResult> Change(Guid conversationId, bool on, HttpContext http, IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock)
        {
            var me = http.User.UserId();
            await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            await ChatSettings.Change(store, pushes, clock, me, conversationId,
                state => decide(state.Layout, me, conversationId, on, clock.GetUtcNow()), http.RequestAborted);
            return Results.NoContent();
        }
        api.MapPut($"/conversations/{{conversationId:guid}}/{what}", (Guid conversationId, HttpContext http, IQuerySession session,
            IDocumentStore store, Pushes pushes, TimeProvider clock) => Change(conversationId, true, http, session, store, pushes, clock));
        api.MapDelete($"/conversations/{{conversationId:guid}}/{what}", (Guid conversationId, HttpContext http, IQuerySession session,
            IDocumentStore store, Pushes pushes, TimeProvider clock) => Change(conversationId, false, http, session, store, pushes, clock));
    }
}
