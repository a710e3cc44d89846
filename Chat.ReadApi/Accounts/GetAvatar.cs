using Chat.Domain.Users;

namespace Chat.ReadApi.Accounts;

public static class GetAvatar
{
    /// <summary>
    /// GET /api/users/{userId}/avatar?size=small|large: the profile photo as a square JPEG; 404 when the user has none.
    /// Its ETag is the photo's id and size, so a client revalidates cheaply (304); a new photo has a new id.
    /// </summary>
    public static void MapGetAvatar(this IEndpointRouteBuilder api) =>
        api.MapGet("/users/{userId:guid}/avatar", async (Guid userId, string? size, HttpContext http, IQuerySession session, AvatarFiles files) =>
        {
            var side = Avatars.SideOf(size);
            var account = await session.LoadAsync<UserAccount>(userId, http.RequestAborted) ?? throw DomainError.NotFound("The user");
            return PhotoFile.Serve(http, files, userId, account.AvatarId, side, "The user's profile photo");
        });
}
