using Chat.Domain.Attachments;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Attachments;

/// <summary>
/// What a download needs to know of a stored attachment: its conversation, type, size and hash; and, once its file is
/// deleted by the retention, when (a download then answers 410).
/// </summary>
public sealed record AttachmentInfo(
    Guid Id, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset UploadedAt,
    DateTimeOffset? ExpiredAt = null);

/// <summary>Inline: the uploader hands the attachment's id to others as soon as the upload is answered.</summary>
public sealed class AttachmentInfoProjection : SingleStreamProjection<AttachmentInfo, Guid>
{
    public AttachmentInfoProjection()
    {
        IncludeType<AttachmentUploaded>();
        IncludeType<AttachmentExpired>();
    }

    public override AttachmentInfo? Evolve(AttachmentInfo? snapshot, Guid id, IEvent e) => e.Data switch
    {
        AttachmentUploaded u => new AttachmentInfo(u.AttachmentId, u.ConversationId, u.UploaderId, u.Size, u.ContentType, u.Sha256, u.At),
        AttachmentExpired x when snapshot is not null => snapshot with { ExpiredAt = x.At },
        _ => snapshot,
    };
}
