using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi.Groups;

/// <summary>Invite links (docs/adr/0021-group-invite-links.md): through the conversation writer like every membership change.</summary>
public static class GroupInvites
{
    public static void MapGroupInvites(this IEndpointRouteBuilder api)
    {
        // POST /api/groups/{conversationId}/invite {expiresInSeconds?}: an admin makes a new link, optionally expiring; the
        // earlier one stops working. 200 {inviteCode, expiresAt}.
        api.MapPost("/groups/{conversationId:guid}/invite", async (
            Guid conversationId, InviteLinkRequest? request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
        {
            var (code, now) = (InviteLinks.New(conversationId), clock.GetUtcNow());
            var expiresAt = InviteLinks.ExpiryOf(request?.ExpiresInSeconds, now);
            await writer.Submit(new ResetInviteLink(conversationId, http.User.UserId(), code, now, expiresAt), http.RequestAborted);
            return Results.Ok(new InviteLinkResponse(code, expiresAt));
        });

        // DELETE /api/groups/{conversationId}/invite: an admin turns the link off; 204, also when there was none.
        api.MapDelete("/groups/{conversationId:guid}/invite", (Guid conversationId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new RevokeInviteLink(conversationId, http.User.UserId(), clock.GetUtcNow()), http.RequestAborted));

        // POST /api/invites/{inviteCode}: the caller joins the group; 200 {conversationId}, the same when already a member.
        api.MapPost("/invites/{inviteCode}", async (string inviteCode, HttpContext http, GroupSettings settings, CommandRouter writer, TimeProvider clock) =>
        {
            var conversationId = InviteLinks.ConversationOf(inviteCode);
            await writer.Submit(new JoinByInvite(conversationId, http.User.UserId(), inviteCode, settings.MaxMembers, clock.GetUtcNow()), http.RequestAborted);
            return Results.Ok(new ConversationIdResponse(conversationId));
        });
    }
}
