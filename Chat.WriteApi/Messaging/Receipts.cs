using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    public Task AckDelivered(ReceiptRequest request) =>
        writer.Submit(Messaging.ToReceipt(ReceiptKind.Delivered, request?.ConversationId ?? Guid.Empty, CurrentUserId, CurrentDeviceId,
            request?.UpToSequence, clock), Context.ConnectionAborted);

    public Task MarkRead(ReceiptRequest request) =>
        writer.Submit(Messaging.ToReceipt(ReceiptKind.Read, request?.ConversationId ?? Guid.Empty, CurrentUserId, CurrentDeviceId,
            request?.UpToSequence, clock), Context.ConnectionAborted);
}

public static partial class Messaging
{
    /// <summary>POST /api/conversations/{conversationId}/receipts: advance the delivered or read watermark.</summary>
    public static void MapReceipts(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/{conversationId:guid}/receipts", (
            Guid conversationId, PostReceiptRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(
                ToReceipt(request.Kind, conversationId, http.User.UserId(), http.User.DeviceId(), request.UpToSequence, clock), http.RequestAborted));

    public static ConversationCommand ToReceipt(
        string? kind, Guid conversationId, Guid userId, string deviceId, long? upToSequence, TimeProvider clock)
    {
        var upTo = upToSequence ?? throw DomainError.Invalid("upToSequence", "upToSequence is required.");
        return kind switch
        {
            ReceiptKind.Delivered => new AckDelivered(conversationId, userId, upTo, clock.GetUtcNow(), deviceId),
            ReceiptKind.Read => new MarkRead(conversationId, userId, upTo, clock.GetUtcNow(), deviceId),
            _ => throw DomainError.Invalid("kind", "kind must be \"delivered\" or \"read\"."),
        };
    }
}
