using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi.Conversations;

public static class BlockUser
{
    /// <summary>
    /// PUT /api/conversations/{id}/block: the caller blocks the other member of the direct conversation; DELETE lifts
    /// the caller's block. Both 204 and safe to repeat; through the conversation writer, so the block takes effect at an
    /// exact point of the stream (docs/adr/0017-blocking.md).
    /// </summary>
    public static void MapBlockUser(this IEndpointRouteBuilder api)
    {
        api.MapPut("/conversations/{conversationId:guid}/block", (Guid conversationId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetBlocked(conversationId, http.User.UserId(), true, clock.GetUtcNow()), http.RequestAborted));
        api.MapDelete("/conversations/{conversationId:guid}/block", (Guid conversationId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetBlocked(conversationId, http.User.UserId(), false, clock.GetUtcNow()), http.RequestAborted));
    }
}
