using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class GetConversation
{
    /// <summary>GET /api/conversations/{id}: kind, title, members with their roles and whether the caller blocked the other member, the disappearing timer, whether only admins send, a group's description and photo, and for an admin the invite link (from the inline roster and member documents).</summary>
    public static void MapGetConversation(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations/{conversationId:guid}", async (Guid conversationId, HttpContext http, IQuerySession session) =>
        {
            var (conversation, member) = await Membership.Load(session, conversationId, http);
            return new ConversationDetails(conversation.Id, conversation.Kind.WireName(), conversation.Title, conversation.MemberViews(),
                conversation.BlockedBy?.Contains(member.UserId) ?? false, conversation.DisappearAfterSeconds,
                member.Role == MemberRole.Admin ? conversation.InviteCode : null, conversation.OnlyAdminsSend,
                member.Role == MemberRole.Admin ? conversation.InviteExpiresAt : null, conversation.Description, conversation.PhotoId);
        });
}
