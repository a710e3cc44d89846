using Chat.Domain.Attachments;
using Chat.Projections.Attachments;
using Chat.Projections.Conversations;
using Microsoft.AspNetCore.Http.Features;

namespace Chat.WriteApi.Attachments;

public static class UploadAttachmentEndpoint
{
    /// <summary>
    /// POST /api/conversations/{conversationId}/attachments: the raw body is the file (ciphertext for encrypting
    /// clients), kept as sent with its Content-Type. 201 once the file is on disk and its event committed.
    /// </summary>
    public static void MapUploadAttachment(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/{conversationId:guid}/attachments", async (
            Guid conversationId, HttpContext http, IDocumentSession session, AttachmentFiles files, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var roster = await session.LoadAsync<ConversationRoster>(conversationId, http.RequestAborted)
                ?? throw DomainError.NotFound("The conversation");
            var contentType = AttachmentRules.Admit(roster.IsMember(me), http.Request.ContentType,
                http.Request.ContentLength, files.MaxBytes);
            // Kestrel's own limit (30 MB) would cut a larger allowed upload short; this one is counted while reading.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

            using var incoming = await files.Receive(http.Request.Body, http.RequestAborted);
            var uploaded = AttachmentRules.Decide(new StoreAttachment(Guid.NewGuid(), conversationId, me, incoming.Size, contentType,
                incoming.Sha256, clock.GetUtcNow()), files.MaxBytes);
            var path = files.Keep(incoming, conversationId, uploaded.AttachmentId);
            session.Events.StartStream<AttachmentInfo>(uploaded.AttachmentId, uploaded);
            try
            {
                await session.SaveChangesAsync(http.RequestAborted);
            }
            catch
            {
                File.Delete(path); // not recorded, so not kept: nothing refers to it
                throw;
            }
            return Results.Created($"/api/conversations/{conversationId}/attachments/{uploaded.AttachmentId}", new AttachmentResponse(
                uploaded.AttachmentId, conversationId, uploaded.Size, uploaded.ContentType, uploaded.Sha256, uploaded.At));
        });
}
