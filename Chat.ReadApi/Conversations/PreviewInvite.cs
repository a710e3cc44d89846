using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class PreviewInvite
{
    /// <summary>GET /api/invites/{inviteCode}: the group an invite link leads to (title, member count), for anyone signed in holding it.</summary>
    public static void MapPreviewInvite(this IEndpointRouteBuilder api) =>
        api.MapGet("/invites/{inviteCode}", async (string inviteCode, HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var roster = await session.LoadAsync<ConversationRoster>(InviteLinks.ConversationOf(inviteCode), http.RequestAborted)
                ?? throw InviteLinks.NotFound();
            InviteLinks.Check(roster.InviteCode, roster.InviteExpiresAt, inviteCode, clock.GetUtcNow());
            return new InvitePreview(roster.Id, roster.Title, roster.Members.Count, roster.InviteExpiresAt);
        });
}
