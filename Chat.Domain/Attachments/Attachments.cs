using System.Net.Http.Headers;

namespace Chat.Domain.Attachments;

/// <summary>
/// A file a member stored for a conversation: bytes the server never interprets (ciphertext, for clients that encrypt
/// end to end), in a stream of its own. <see cref="Sha256"/> is the server's hash of exactly the bytes it keeps.
/// </summary>
public sealed record AttachmentUploaded(
    Guid AttachmentId, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset At);

/// <summary>The attachment's file was deleted: it was older than the retention the server is configured with.</summary>
public sealed record AttachmentExpired(Guid AttachmentId, Guid ConversationId, Guid UploaderId, long Size, DateTimeOffset At);

/// <summary>What was received for an upload: how many bytes, their hash, and what the uploader said they are.</summary>
public sealed record StoreAttachment(
    Guid AttachmentId, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset At);

/// <summary>A per-user limit on the bytes of attachments kept: <see cref="Used"/> counts the uploader's unexpired ones.</summary>
public sealed record Quota(long Limit, long Used)
{
    public long Left => Math.Max(0, Limit - Used);
}

/// <summary>What an upload may be: the content type to keep, how many bytes at most, and the error for one byte more.</summary>
public sealed record Admission(string ContentType, long MaxBytes, DomainError Over);

public static class AttachmentRules
{
    public const long DefaultMaxBytes = 100L * 1024 * 1024;
    public const int MaxContentTypeLength = 255;
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Decided before a byte of the body is read: a non-member, an uploader with no quota left, or an upload declared
    /// over what it may be is refused without receiving it. The admission says what the body may be while it is read.
    /// </summary>
    public static Admission Admit(bool isMember, string? contentType, long? declaredLength, long maxBytes, Quota? quota = null)
    {
        if (!isMember) throw DomainError.NotMember();
        var admission = quota is not null && quota.Left < maxBytes
            ? new Admission(ContentTypeOf(contentType), quota.Left, OverQuota(quota))
            : new Admission(ContentTypeOf(contentType), maxBytes, TooLarge(maxBytes));
        if (declaredLength > admission.MaxBytes || admission.MaxBytes == 0) throw admission.Over;
        return admission;
    }

    private static string ContentTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return DefaultContentType;
        if (contentType.Length > MaxContentTypeLength || contentType.Any(char.IsControl) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || parsed.MediaType is null || !parsed.MediaType.Contains('/'))
            throw DomainError.Invalid("contentType",
                $"Content-Type must be a media type such as {DefaultContentType}, at most {MaxContentTypeLength} characters.");
        return contentType;
    }

    /// <summary>Once the bytes are in: an empty upload is refused; one past its admission never gets here (see <see cref="Admission.Over"/>).</summary>
    public static AttachmentUploaded Decide(StoreAttachment command, Admission admission)
    {
        if (command.Size == 0) throw DomainError.Invalid("body", "An attachment must not be empty.");
        if (command.Size > admission.MaxBytes) throw admission.Over;
        return new AttachmentUploaded(command.AttachmentId, command.ConversationId, command.UploaderId, command.Size,
            command.ContentType, command.Sha256, command.At);
    }

    public static DomainError TooLarge(long maxBytes) => DomainError.TooLarge($"An attachment may be at most {maxBytes:N0} bytes.");

    public static DomainError OverQuota(Quota quota) => new(ErrorCodes.QuotaExceeded,
        $"Your attachments may take {quota.Limit:N0} bytes and take {quota.Used:N0}; this one does not fit.");
}
