using Chat.Domain.Attachments;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Attachments;

/// <summary>What a download needs to know of a stored attachment: its conversation, type, size and hash.</summary>
public sealed record AttachmentInfo(
    Guid Id, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset UploadedAt);

/// <summary>Inline: the uploader hands the attachment's id to others as soon as the upload is answered.</summary>
public sealed class AttachmentInfoProjection : SingleStreamProjection<AttachmentInfo, Guid>
{
    public AttachmentInfoProjection() => IncludeType<AttachmentUploaded>();

    public override AttachmentInfo? Evolve(AttachmentInfo? snapshot, Guid id, IEvent e) => e.Data is AttachmentUploaded u
        ? new AttachmentInfo(u.AttachmentId, u.ConversationId, u.UploaderId, u.Size, u.ContentType, u.Sha256, u.At)
        : snapshot;
}
