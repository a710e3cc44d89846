using Chat.Projections.Attachments;
using Chat.ReadApi.Conversations;
using Microsoft.Net.Http.Headers;

namespace Chat.ReadApi.Attachments;

public static class GetAttachment
{
    /// <summary>
    /// GET (or HEAD) /api/conversations/{conversationId}/attachments/{attachmentId}: the bytes as uploaded, to current members;
    /// ranges (206) for seeking in a video; the ETag is the content's SHA-256, which never changes.
    /// </summary>
    public static void MapGetAttachment(this IEndpointRouteBuilder api) =>
        api.MapMethods("/conversations/{conversationId:guid}/attachments/{attachmentId:guid}", [HttpMethods.Get, HttpMethods.Head], async (
            Guid conversationId, Guid attachmentId, HttpContext http, IQuerySession session, AttachmentFiles files) =>
        {
            await Membership.Load(session, conversationId, http);
            var attachment = await session.LoadAsync<AttachmentInfo>(attachmentId, http.RequestAborted);
            var path = files.PathOf(conversationId, attachmentId);
            if (attachment is null || attachment.ConversationId != conversationId) throw DomainError.NotFound("The attachment");
            if (attachment.ExpiredAt is { } expired) throw DomainError.Gone($"The attachment expired on {expired:u}; the server keeps files for a limited time.");
            if (!File.Exists(path)) throw DomainError.NotFound("The attachment");
            // Uploaded bytes are never run as a page of this origin, whatever their Content-Type says.
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.File(path, attachment.ContentType, enableRangeProcessing: true,
                entityTag: new EntityTagHeaderValue($"\"{attachment.Sha256}\""));
        });
}
