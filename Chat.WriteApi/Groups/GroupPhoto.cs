using Chat.Projections.Accounts;
using Chat.Projections.Conversations;
using Chat.WriteApi.Accounts;
using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi.Groups;

/// <summary>
/// A group's photo (docs/adr/0029-group-description-and-photo.md): its admins set and remove it through the group's
/// commit loop, so every member hears of it in <see cref="ConversationUpdated"/>; its JPEGs are made as a profile
/// photo's and kept beside them, under the group's id.
/// </summary>
public static class GroupPhotoEndpoints
{
    public static void MapGroupPhoto(this IEndpointRouteBuilder api)
    {
        // PUT /api/groups/{id}/photo: the picture's bytes; 204 once its JPEGs are stored and the change committed. The
        // photo it replaces is deleted then.
        api.MapPut("/groups/{conversationId:guid}/photo", async (Guid conversationId, HttpContext http, IQuerySession session,
            AvatarFiles files, CommandRouter writer, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var before = await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted); // 404, 403 before decoding
            var jpegs = await AvatarImage.FromUpload(http.Request, http.RequestAborted);
            var photoId = Guid.NewGuid();
            await files.Write(conversationId, photoId, jpegs, http.RequestAborted);
            try
            {
                await writer.Submit(new SetGroupPhoto(conversationId, me, photoId, clock.GetUtcNow()), http.RequestAborted);
            }
            catch
            {
                files.Delete(conversationId, photoId); // not recorded, so not kept: nothing refers to it
                throw;
            }
            if (before.PhotoId is { } replaced) files.Delete(conversationId, replaced);
            return Results.NoContent();
        });

        // DELETE /api/groups/{id}/photo: 204; fine when there is none.
        api.MapDelete("/groups/{conversationId:guid}/photo", async (Guid conversationId, HttpContext http, IQuerySession session,
            AvatarFiles files, CommandRouter writer, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var before = await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            await writer.Submit(new SetGroupPhoto(conversationId, me, null, clock.GetUtcNow()), http.RequestAborted);
            if (before.PhotoId is { } removed) files.Delete(conversationId, removed);
            return Results.NoContent();
        });
    }
}
