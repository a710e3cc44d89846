using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Notifications;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi.Notifications;

public static class MuteEndpoints
{
    /// <summary>
    /// PUT /api/conversations/{id}/mute {until}: no push notifications for it until then (null: until unmuted); DELETE
    /// unmutes. Both 204, both safe to repeat; members only.
    /// </summary>
    public static void MapMutes(this IEndpointRouteBuilder api)
    {
        api.MapPut("/conversations/{conversationId:guid}/mute", async (
            Guid conversationId, MuteRequest request, HttpContext http, IQuerySession session, IDocumentStore store, TimeProvider clock) =>
        {
            var command = new MuteConversation(http.User.UserId(), conversationId, request.Until, clock.GetUtcNow());
            await ConversationRoster.ForMember(session, conversationId, command.UserId, http.RequestAborted);
            await AccountStream.ChangeLocked<UserPushTargets, bool>(store, command.UserId,
                targets => (true, Mutes.Mute(command, targets?.Muted ?? Mutes.None)), http.RequestAborted);
            return Results.NoContent();
        });
        api.MapDelete("/conversations/{conversationId:guid}/mute", async (
            Guid conversationId, HttpContext http, IQuerySession session, IDocumentStore store, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            await AccountStream.ChangeLocked<UserPushTargets, bool>(store, me,
                targets => (true, Mutes.Unmute(me, conversationId, targets?.Muted ?? Mutes.None, clock.GetUtcNow())), http.RequestAborted);
            return Results.NoContent();
        });
    }
}
