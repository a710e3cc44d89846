using Chat.Domain.Users;
using Chat.Projections.Accounts;
using Chat.Projections.Conversations;
using Microsoft.Net.Http.Headers;

namespace Chat.ReadApi.Conversations;

public static class GetGroupPhoto
{
    /// <summary>
    /// GET /api/groups/{id}/photo?size=small|large: the group's photo as a square JPEG, for its members; 404 when it has
    /// none. Its ETag is the photo's id and size, as a profile photo's.
    /// </summary>
    public static void MapGetGroupPhoto(this IEndpointRouteBuilder api) =>
        api.MapGet("/groups/{conversationId:guid}/photo", async (Guid conversationId, string? size, HttpContext http, IQuerySession session,
            AvatarFiles files) =>
        {
            var side = Avatars.SideOf(size);
            var roster = await ConversationRoster.ForMember(session, conversationId, http.User.UserId(), http.RequestAborted);
            var path = roster.PhotoId is { } photoId ? files.PathOf(conversationId, photoId, side) : null;
            if (path is null || !File.Exists(path)) throw DomainError.NotFound("The group's photo");
            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.File(path, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{roster.PhotoId:N}-{side}\""));
        });
}
