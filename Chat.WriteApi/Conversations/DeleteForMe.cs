using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Conversations;

/// <summary>Deleting one message for oneself: the caller's own copy, on all their devices (docs/adr/0027-clearing-a-chat.md).</summary>
public static class DeleteForMe
{
    /// <summary>
    /// PUT /api/conversations/{id}/messages/{messageId}/hidden: 204; the caller no longer sees the message, the other
    /// members keep it. Any message the caller was shown, whoever sent it; safe to repeat; members only.
    /// </summary>
    public static void MapDeleteForMe(this IEndpointRouteBuilder api) =>
        api.MapPut("/conversations/{conversationId:guid}/messages/{messageId:guid}/hidden", async (Guid conversationId, Guid messageId,
            HttpContext http, IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var roster = await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            var joinedAfter = roster.Members.Single(m => m.UserId == me).JoinedAfter;
            var message = await session.LoadAsync<ChatMessage>(messageId, http.RequestAborted);
            if (message is null || message.ConversationId != conversationId || message.Sequence <= joinedAfter)
                throw DomainError.NotFound("The message");
            await ChatSettings.Change(store, pushes, clock, me, conversationId,
                state => state.Layout.Hide(me, conversationId, messageId, message.Sequence, clock.GetUtcNow()), http.RequestAborted);
            return Results.NoContent();
        });
}
