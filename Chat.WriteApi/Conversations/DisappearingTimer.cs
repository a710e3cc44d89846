using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi.Conversations;

public static class DisappearingTimer
{
    /// <summary>
    /// PUT /api/conversations/{id}/disappearing {afterSeconds}: messages sent from now on are deleted for everyone that
    /// long after sending; null turns it off. 204, safe to repeat; any member of a direct conversation, a group's admins
    /// (docs/adr/0018-disappearing-messages.md).
    /// </summary>
    public static void MapDisappearingTimer(this IEndpointRouteBuilder api) =>
        api.MapPut("/conversations/{conversationId:guid}/disappearing", (
            Guid conversationId, DisappearingTimerRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(
                new SetDisappearingTimer(conversationId, http.User.UserId(), request.AfterSeconds, clock.GetUtcNow()), http.RequestAborted));
}
