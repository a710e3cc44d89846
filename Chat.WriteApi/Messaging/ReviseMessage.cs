using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    public async Task<MessageRevised> EditMessage(EditMessageRequest request) => Messaging.Revised(await writer.Submit(
        new EditMessage(request?.ConversationId ?? Guid.Empty, CurrentUserId, request?.MessageId ?? Guid.Empty, request?.Body ?? "",
            clock.GetUtcNow(), CurrentDeviceId), Context.ConnectionAborted));

    public async Task<MessageRevised> React(ReactRequest request) => Messaging.Revised(await writer.Submit(
        new ReactToMessage(request?.ConversationId ?? Guid.Empty, CurrentUserId, request?.MessageId ?? Guid.Empty, request?.Emoji,
            clock.GetUtcNow(), CurrentDeviceId), Context.ConnectionAborted));

    public async Task<MessageRevised> DeleteMessage(RevisionRequest request) => Messaging.Revised(await writer.Submit(
        new DeleteMessage(request?.ConversationId ?? Guid.Empty, CurrentUserId, request?.MessageId ?? Guid.Empty, clock.GetUtcNow(),
            CurrentDeviceId), Context.ConnectionAborted));
}

public static partial class Messaging
{
    /// <summary>
    /// PUT /api/conversations/{id}/messages/{messageId} {body}: the sender's edit; DELETE: deleted for everyone; PUT and
    /// DELETE .../reaction: the caller's reaction. Each answers 200 with the message as it now stands, the same again on a
    /// repeat (docs/adr/0016-edit-and-delete.md).
    /// </summary>
    public static void MapReviseMessage(this IEndpointRouteBuilder api)
    {
        api.MapPut("/conversations/{conversationId:guid}/messages/{messageId:guid}", async (
            Guid conversationId, Guid messageId, EditMessageBody request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            Revised(await writer.Submit(new EditMessage(conversationId, http.User.UserId(), messageId, request.Body ?? "", clock.GetUtcNow(),
                http.User.DeviceId()), http.RequestAborted)));
        api.MapDelete("/conversations/{conversationId:guid}/messages/{messageId:guid}", async (
            Guid conversationId, Guid messageId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            Revised(await writer.Submit(new DeleteMessage(conversationId, http.User.UserId(), messageId, clock.GetUtcNow(),
                http.User.DeviceId()), http.RequestAborted)));
        api.MapPut("/conversations/{conversationId:guid}/messages/{messageId:guid}/reaction", async (
            Guid conversationId, Guid messageId, ReactionBody request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            Revised(await writer.Submit(new ReactToMessage(conversationId, http.User.UserId(), messageId,
                request.Emoji ?? throw DomainError.Invalid("emoji", "emoji is required; DELETE takes a reaction back."), clock.GetUtcNow(),
                http.User.DeviceId()), http.RequestAborted)));
        api.MapDelete("/conversations/{conversationId:guid}/messages/{messageId:guid}/reaction", async (
            Guid conversationId, Guid messageId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            Revised(await writer.Submit(new ReactToMessage(conversationId, http.User.UserId(), messageId, null, clock.GetUtcNow(),
                http.User.DeviceId()), http.RequestAborted)));
    }

    public static MessageRevised Revised(WriteOutcome outcome) =>
        outcome.Revision ?? throw new InvalidOperationException("An edit, a deletion or a reaction always yields the message.");
}
