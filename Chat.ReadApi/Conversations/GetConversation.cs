using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class GetConversation
{
    /// <summary>GET /api/conversations/{id}: kind, title and members with their roles (from the inline roster and member documents).</summary>
    public static void MapGetConversation(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations/{conversationId:guid}", async (Guid conversationId, HttpContext http, IQuerySession session) =>
        {
            var (conversation, _) = await Membership.Load(session, conversationId, http);
            return new ConversationDetails(conversation.Id, conversation.Kind.WireName(), conversation.Title, conversation.MemberViews());
        });
}
