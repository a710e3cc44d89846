using Chat.Domain.Users;

namespace Chat.ReadApi.Accounts;

/// <summary>Profiles: what a client shows for a member id, and the look-up that starts a chat by username.</summary>
public static class GetUser
{
    public static void MapGetUser(this IEndpointRouteBuilder api)
    {
        // GET /api/users/{userId}: {userId, username, displayName, avatarId}.
        api.MapGet("/users/{userId:guid}", async (Guid userId, HttpContext http, IQuerySession session) =>
            Profile(await session.LoadAsync<UserAccount>(userId, http.RequestAborted)));

        // GET /api/users/by-username/{username}: the same profile, the username matched whatever its case.
        api.MapGet("/users/by-username/{username}", async (string username, HttpContext http, IQuerySession session) =>
        {
            var key = Registration.LookupKey(username);
            return Profile(key is null ? null : await session.Query<UserAccount>().Where(a => a.NormalizedUsername == key)
                .FirstOrDefaultAsync(http.RequestAborted));
        });
    }

    private static UserResponse Profile(UserAccount? account) =>
        account is null ? throw DomainError.NotFound("The user") : new UserResponse(account.Id, account.Username, account.DisplayName, account.AvatarId);
}
