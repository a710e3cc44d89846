using Microsoft.Net.Http.Headers;

namespace Chat.ReadApi.Accounts;

/// <summary>Serving a profile or group photo: the JPEG of one side, its ETag the photo's id and side (a new photo has a new id).</summary>
public static class PhotoFile
{
    /// <summary>404 naming <paramref name="what"/> when there is no photo, or its file is gone (another node replaced it a moment ago).</summary>
    public static IResult Serve(HttpContext http, AvatarFiles files, Guid ownerId, Guid? photoId, int side, string what)
    {
        var path = photoId is { } id ? files.PathOf(ownerId, id, side) : null;
        if (path is null || !File.Exists(path)) throw DomainError.NotFound(what);
        http.Response.Headers.CacheControl = "private, no-cache";
        return Results.File(path, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{photoId:N}-{side}\""));
    }
}
