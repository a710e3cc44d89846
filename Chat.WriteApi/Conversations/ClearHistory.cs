using Chat.Projections.Conversations;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Conversations;

/// <summary>Clearing and deleting a chat: the caller's own copy of its history, on all their devices (docs/adr/0027-clearing-a-chat.md).</summary>
public static class ClearHistory
{
    /// <summary>
    /// DELETE /api/conversations/{id}/messages?upToSequence=: 204; the caller no longer sees the messages up to there (by
    /// default every message so far), the other members keep theirs. Safe to repeat; members only.
    /// </summary>
    public static void MapClearHistory(this IEndpointRouteBuilder api) =>
        api.MapDelete("/conversations/{conversationId:guid}/messages", async (Guid conversationId, long? upToSequence, HttpContext http,
            IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            var last = (await session.LoadAsync<ConversationHead>(conversationId, http.RequestAborted))?.LastSequence ?? 0;
            await ChatSettings.Change(store, pushes, clock, me, conversationId,
                state => state.Layout.Clear(me, conversationId, upToSequence ?? last, last, clock.GetUtcNow()), http.RequestAborted);
            return Results.NoContent();
        });

    /// <summary>
    /// DELETE /api/conversations/{id}: 204; a direct chat is cleared for the caller and leaves their list until a newer
    /// message comes; the other member keeps theirs. A group is 409: it is left, not deleted. Safe to repeat; members only.
    /// </summary>
    public static void MapDeleteChat(this IEndpointRouteBuilder api) =>
        api.MapDelete("/conversations/{conversationId:guid}", async (Guid conversationId, HttpContext http,
            IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var roster = await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            var last = (await session.LoadAsync<ConversationHead>(conversationId, http.RequestAborted))?.LastSequence ?? 0;
            await ChatSettings.Change(store, pushes, clock, me, conversationId,
                state => state.Layout.Delete(me, conversationId, roster.Kind == ConversationKind.Direct, last, clock.GetUtcNow()),
                http.RequestAborted);
            return Results.NoContent();
        });
}
