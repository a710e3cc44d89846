using Chat.Domain.Users;
using Microsoft.Net.Http.Headers;

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
            var path = account.AvatarId is { } avatarId ? files.PathOf(userId, avatarId, side) : null;
            // No file: none was set, or another node replaced it a moment ago.
            if (path is null || !File.Exists(path)) throw DomainError.NotFound("The user's profile photo");
            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.File(path, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{account.AvatarId:N}-{side}\""));
        });
}
