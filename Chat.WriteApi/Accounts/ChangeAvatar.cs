using Chat.Domain.Users;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Accounts;

/// <summary>The user's profile photo (docs/adr/0020-profile-photos.md).</summary>
public static class ChangeAvatarEndpoints
{
    public static void MapChangeAvatar(this IEndpointRouteBuilder api)
    {
        // PUT /api/me/avatar: the picture's bytes; 204 once its JPEGs are on disk and the change is recorded. The photo
        // it replaces is deleted then.
        api.MapPut("/me/avatar", async (HttpContext http, IQuerySession session, IDocumentStore store, AvatarFiles files, Pushes pushes,
            TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var jpegs = await AvatarImage.FromUpload(http.Request, http.RequestAborted);
            var avatarId = Guid.NewGuid();
            await files.Write(me, avatarId, jpegs, http.RequestAborted);
            (Guid? Replaced, string DisplayName) before;
            try
            {
                before = await AccountStream.Change(store, me, account =>
                    ((account.AvatarId, account.DisplayName), (object?)new AvatarChanged(me, avatarId, clock.GetUtcNow())), http.RequestAborted);
            }
            catch
            {
                files.Delete(me, avatarId); // not recorded, so not kept: nothing refers to it
                throw;
            }
            if (before.Replaced is { } old) files.Delete(me, old);
            await ProfileChanges.Announce(session, pushes, new ProfileChanged(me, before.DisplayName, avatarId));
            return Results.NoContent();
        });

        // DELETE /api/me/avatar: 204; fine when there is none.
        api.MapDelete("/me/avatar", async (HttpContext http, IQuerySession session, IDocumentStore store, AvatarFiles files, Pushes pushes,
            TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var (removed, displayName) = await AccountStream.Change(store, me,
                account => ((account.AvatarId, account.DisplayName), (object?)Avatars.Remove(me, account.AvatarId, clock.GetUtcNow())), http.RequestAborted);
            if (removed is not { } old) return Results.NoContent();
            files.Delete(me, old);
            await ProfileChanges.Announce(session, pushes, new ProfileChanged(me, displayName, null));
            return Results.NoContent();
        });
    }
}
