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
            Guid conversationId, HttpContext http, IDocumentSession session, AttachmentFiles files, AttachmentPolicy policy, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var roster = await session.LoadAsync<ConversationRoster>(conversationId, http.RequestAborted)
                ?? throw DomainError.NotFound("The conversation");
            var isMember = roster.IsMember(me);
            var quota = isMember && policy.QuotaBytes is { } quotaBytes ? new Quota(quotaBytes, await Used(session, me, http.RequestAborted)) : null;
            var admission = AttachmentRules.Admit(isMember, http.Request.ContentType, http.Request.ContentLength, policy.MaxBytes, quota);
            // Kestrel's own limit (30 MB) would cut a larger allowed upload short; this one is counted while reading.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

            using var incoming = await files.Receive(http.Request.Body, admission, http.RequestAborted);
            var uploaded = AttachmentRules.Decide(new StoreAttachment(Guid.NewGuid(), conversationId, me, incoming.Size, admission.ContentType,
                incoming.Sha256, clock.GetUtcNow()), admission);
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

    /// <summary>
    /// The bytes of the uploader's attachments not yet expired. Two uploads at once may both fit and together pass the
    /// quota by one file: it bounds the store, it is not an exact account.
    /// </summary>
    private static Task<long> Used(IQuerySession session, Guid uploaderId, CancellationToken ct) =>
        session.Query<AttachmentInfo>().Where(a => a.UploaderId == uploaderId && a.ExpiredAt == null).SumAsync(a => a.Size, ct);
}
