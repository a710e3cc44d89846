using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.WriteApi.Accounts;
using Chat.WriteApi.Conversations;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Notifications;

public static class MuteEndpoints
{
    /// <summary>
    /// PUT /api/conversations/{id}/mute {until}: no push notifications for it until then (null: until unmuted); DELETE
    /// unmutes. Both 204, both safe to repeat; members only; the user's devices hear it (<see cref="ChatSettings"/>).
    /// </summary>
    public static void MapMutes(this IEndpointRouteBuilder api)
    {
        api.MapPut("/conversations/{conversationId:guid}/mute", async (
            Guid conversationId, MuteRequest request, HttpContext http, IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock) =>
        {
            var command = new MuteConversation(http.User.UserId(), conversationId, request.Until, clock.GetUtcNow());
            await ConversationRoster.ForMember(session, conversationId, command.UserId, http.RequestAborted);
            await ChatSettings.Change(store, pushes, clock, command.UserId, conversationId, state => Mutes.Mute(command, state.Muted), http.RequestAborted);
            return Results.NoContent();
        });
        api.MapDelete("/conversations/{conversationId:guid}/mute", async (
            Guid conversationId, HttpContext http, IQuerySession session, IDocumentStore store, Pushes pushes, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            await ChatSettings.Change(store, pushes, clock, me, conversationId,
                state => Mutes.Unmute(me, conversationId, state.Muted, clock.GetUtcNow()), http.RequestAborted);
            return Results.NoContent();
        });
    }
}
