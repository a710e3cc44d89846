using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.ReadApi.Accounts;

namespace Chat.ReadApi.Conversations;

/// <summary>What an invite link leads to, for anyone signed in holding a link that works (docs/adr/0021-group-invite-links.md).</summary>
public static class PreviewInvite
{
    public static void MapPreviewInvite(this IEndpointRouteBuilder api)
    {
        // GET /api/invites/{inviteCode}: the group's title, member count, description and photo id.
        api.MapGet("/invites/{inviteCode}", async (string inviteCode, HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var roster = await Invited(session, inviteCode, clock, http.RequestAborted);
            return new InvitePreview(roster.Id, roster.Title, roster.Members.Count, roster.InviteExpiresAt, roster.Description, roster.PhotoId);
        });

        // GET /api/invites/{inviteCode}/photo?size=small|large: the group's photo, as its members get it (WhatsApp shows it before joining).
        api.MapGet("/invites/{inviteCode}/photo", async (string inviteCode, string? size, HttpContext http, IQuerySession session,
            AvatarFiles files, TimeProvider clock) =>
        {
            var side = Avatars.SideOf(size);
            var roster = await Invited(session, inviteCode, clock, http.RequestAborted);
            return PhotoFile.Serve(http, files, roster.Id, roster.PhotoId, side, "The group's photo");
        });
    }

    /// <summary>The group the link leads to: 404 for no such link (or one reset or revoked), 410 for an expired one.</summary>
    private static async Task<ConversationRoster> Invited(IQuerySession session, string inviteCode, TimeProvider clock, CancellationToken ct)
    {
        var roster = await session.LoadAsync<ConversationRoster>(InviteLinks.ConversationOf(inviteCode), ct) ?? throw InviteLinks.NotFound();
        InviteLinks.Check(roster.InviteCode, roster.InviteExpiresAt, inviteCode, clock.GetUtcNow());
        return roster;
    }
}
