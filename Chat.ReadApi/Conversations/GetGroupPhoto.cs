using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.ReadApi.Accounts;

namespace Chat.ReadApi.Conversations;

public static class GetGroupPhoto
{
    /// <summary>
    /// GET /api/groups/{id}/photo?size=small|large: the group's photo as a square JPEG, for its members; 404 when it has
    /// none. Served as a profile photo is (<see cref="PhotoFile"/>).
    /// </summary>
    public static void MapGetGroupPhoto(this IEndpointRouteBuilder api) =>
        api.MapGet("/groups/{conversationId:guid}/photo", async (Guid conversationId, string? size, HttpContext http, IQuerySession session,
            AvatarFiles files) =>
        {
            var side = Avatars.SideOf(size);
            var roster = await ConversationRoster.ForMember(session, conversationId, http.User.UserId(), http.RequestAborted);
            return PhotoFile.Serve(http, files, conversationId, roster.PhotoId, side, "The group's photo");
        });
}
