using Chat.Projections.History;
using Chat.ReadApi.Conversations;

namespace Chat.ReadApi.History;

public static class GetReceipts
{
    /// <summary>GET /api/conversations/{id}/messages/{messageId}/receipts: per member delivered / read, and the aggregate status.</summary>
    public static void MapGetReceipts(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations/{conversationId:guid}/messages/{messageId:guid}/receipts", async (
            Guid conversationId, Guid messageId, HttpContext http, IQuerySession session) =>
        {
            var (conversation, member) = await Membership.Load(session, conversationId, http);
            var message = await session.LoadAsync<ChatMessage>(messageId, http.RequestAborted);
            if (message is null || message.ConversationId != conversationId || message.Sequence <= member.JoinedAfter)
                throw DomainError.NotFound("The message");
            return new MessageReceipts(message.Id, message.Sequence, GetMessages.StatusOf(message, conversation),
                [.. GetMessages.Recipients(message, conversation).Select(m =>
                    new MemberReceipt(m.UserId, m.DeliveredUpTo >= message.Sequence, m.ReadUpToShown >= message.Sequence))]);
        });
}
