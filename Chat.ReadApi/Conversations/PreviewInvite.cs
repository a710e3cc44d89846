using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class PreviewInvite
{
    /// <summary>GET /api/invites/{inviteCode}: the group an invite link leads to (title, member count), for anyone signed in holding it.</summary>
    public static void MapPreviewInvite(this IEndpointRouteBuilder api) =>
        api.MapGet("/invites/{inviteCode}", async (string inviteCode, HttpContext http, IQuerySession session) =>
        {
            var roster = await session.LoadAsync<ConversationRoster>(InviteLinks.ConversationOf(inviteCode), http.RequestAborted);
            if (roster?.InviteCode is null || roster.InviteCode != inviteCode) throw InviteLinks.NotFound();
            return new InvitePreview(roster.Id, roster.Title, roster.Members.Count);
        });
}
