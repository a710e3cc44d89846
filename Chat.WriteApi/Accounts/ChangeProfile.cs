using Chat.Domain.Users;
using Chat.WriteApi.Realtime;
using Microsoft.AspNetCore.Identity;

namespace Chat.WriteApi.Accounts;

public static class ChangeProfileEndpoints
{
    public static void MapChangeProfile(this IEndpointRouteBuilder api)
    {
        // PUT /api/me/password {currentPassword, newPassword}: 204. A wrong current password counts as a failed sign-in
        // for the username (SignInThrottle), so a token cannot be used to guess the password either. Devices signed in
        // stay signed in; remove those that should not (DELETE /api/me/devices/{deviceId}).
        api.MapPut("/me/password", async (ChangePasswordRequest request, HttpContext http, IQuerySession session, IDocumentStore store,
            IPasswordHasher<UserAccount> hasher, SignInThrottle throttle, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var account = await session.LoadAsync<UserAccount>(me, http.RequestAborted) ?? throw DomainError.NotFound("The user");
            await throttle.Check(session, account.NormalizedUsername, http.RequestAborted);
            var command = new ChangePassword(me, request.CurrentPassword, request.NewPassword, clock.GetUtcNow());
            try
            {
                await AccountStream.Change(store, me, current => (true, (object?)Profile.ChangePassword(command,
                    password => hasher.VerifyHashedPassword(current, current.PasswordHash, password) != PasswordVerificationResult.Failed,
                    password => hasher.HashPassword(current, password))), http.RequestAborted);
            }
            catch (DomainError e) when (e.Field == "currentPassword")
            {
                await throttle.Failed(store, account.NormalizedUsername, http.RequestAborted);
                throw;
            }
            return Results.NoContent();
        });

        // PUT /api/me/profile {displayName}: 204; contacts' connected devices hear of it (ProfileChanges).
        api.MapPut("/me/profile", async (ProfileRequest request, HttpContext http, IQuerySession session, IDocumentStore store,
            Pushes pushes, TimeProvider clock) =>
        {
            var command = new ChangeDisplayName(http.User.UserId(), request.DisplayName, clock.GetUtcNow());
            var changed = await AccountStream.Change(store, command.UserId, current =>
                Profile.ChangeDisplayName(command, current.DisplayName) is { } e
                    ? (new ProfileChanged(command.UserId, e.DisplayName, current.AvatarId), (object?)e)
                    : ((ProfileChanged?)null, null), http.RequestAborted);
            if (changed is not null) await ProfileChanges.Announce(session, pushes, changed);
            return Results.NoContent();
        });
    }
}
