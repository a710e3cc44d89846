using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    public async Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        Messaging.ToResult(await writer.Submit(Messaging.ToCommand(request?.ConversationId ?? Guid.Empty, CurrentUserId, CurrentDeviceId,
            request?.ClientMessageId, request?.Body, clock), Context.ConnectionAborted));
}

public static partial class Messaging
{
    /// <summary>POST /api/conversations/{conversationId}/messages: 201 for a new message, 200 with the first result on a retry.</summary>
    public static void MapSendMessage(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/{conversationId:guid}/messages", async (
            Guid conversationId, PostMessageRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
        {
            var outcome = await writer.Submit(
                ToCommand(conversationId, http.User.UserId(), http.User.DeviceId(), request.ClientMessageId, request.Body, clock), http.RequestAborted);
            var result = ToResult(outcome);
            return outcome.Duplicate
                ? Results.Ok(result)
                : Results.Created($"/api/conversations/{conversationId}/messages?after={result.Sequence - 1}&limit=1", result);
        });

    public static SendMessage ToCommand(Guid conversationId, Guid senderId, string deviceId, string? clientMessageId, string? body, TimeProvider clock)
    {
        Conversation.ValidateClientMessageId(clientMessageId);
        return new SendMessage(conversationId, senderId, ConversationIds.Message(senderId, clientMessageId!), clientMessageId!,
            body ?? "", clock.GetUtcNow(), deviceId);
    }

    public static SendMessageResult ToResult(WriteOutcome outcome)
    {
        var m = outcome.Message ?? throw new InvalidOperationException("A send always yields a message.");
        return new SendMessageResult(m.MessageId, m.ConversationId, m.Sequence, m.SentAt, m.ExpiresAt);
    }
}
