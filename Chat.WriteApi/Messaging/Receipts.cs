using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    public async Task AckDelivered(ReceiptRequest request) =>
        await writer.Submit(await Messaging.ToReceipt(ReceiptKind.Delivered, request?.ConversationId ?? Guid.Empty, CurrentUserId,
            CurrentDeviceId, request?.UpToSequence, readReceipts, clock, Context.ConnectionAborted), Context.ConnectionAborted);

    public async Task MarkRead(ReceiptRequest request) =>
        await writer.Submit(await Messaging.ToReceipt(ReceiptKind.Read, request?.ConversationId ?? Guid.Empty, CurrentUserId,
            CurrentDeviceId, request?.UpToSequence, readReceipts, clock, Context.ConnectionAborted), Context.ConnectionAborted);
}

public static partial class Messaging
{
    /// <summary>POST /api/conversations/{conversationId}/receipts: advance the delivered or read watermark.</summary>
    public static void MapReceipts(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/{conversationId:guid}/receipts", async (
            Guid conversationId, PostReceiptRequest request, HttpContext http, CommandRouter writer, ReadReceiptSettings readReceipts,
            TimeProvider clock) =>
            await writer.SubmitThenNoContent(await ToReceipt(request.Kind, conversationId, http.User.UserId(), http.User.DeviceId(),
                request.UpToSequence, readReceipts, clock, http.RequestAborted), http.RequestAborted));

    /// <summary>A read is private when the reader has read receipts off (docs/adr/0026-read-receipts-off.md).</summary>
    public static async ValueTask<ConversationCommand> ToReceipt(string? kind, Guid conversationId, Guid userId, string deviceId,
        long? upToSequence, ReadReceiptSettings readReceipts, TimeProvider clock, CancellationToken ct)
    {
        var upTo = upToSequence ?? throw DomainError.Invalid("upToSequence", "upToSequence is required.");
        return kind switch
        {
            ReceiptKind.Delivered => new AckDelivered(conversationId, userId, upTo, clock.GetUtcNow(), deviceId),
            ReceiptKind.Read => new MarkRead(conversationId, userId, upTo, clock.GetUtcNow(), deviceId, await readReceipts.AreOff(userId, ct)),
            _ => throw DomainError.Invalid("kind", "kind must be \"delivered\" or \"read\"."),
        };
    }
}
