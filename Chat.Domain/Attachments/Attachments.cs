using System.Net.Http.Headers;

namespace Chat.Domain.Attachments;

/// <summary>
/// A file a member stored for a conversation: bytes the server never interprets (ciphertext, for clients that encrypt
/// end to end), in a stream of its own. <see cref="Sha256"/> is the server's hash of exactly the bytes it keeps.
/// </summary>
public sealed record AttachmentUploaded(
    Guid AttachmentId, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset At);

/// <summary>What was received for an upload: how many bytes, their hash, and what the uploader said they are.</summary>
public sealed record StoreAttachment(
    Guid AttachmentId, Guid ConversationId, Guid UploaderId, long Size, string ContentType, string Sha256, DateTimeOffset At);

public static class AttachmentRules
{
    public const long DefaultMaxBytes = 100L * 1024 * 1024;
    public const int MaxContentTypeLength = 255;
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Decided before a byte of the body is read: a non-member or an upload declared over the limit is refused
    /// without receiving it. Returns the content type to keep (the default when none is given).
    /// </summary>
    public static string Admit(bool isMember, string? contentType, long? declaredLength, long maxBytes)
    {
        if (!isMember) throw DomainError.NotMember();
        if (declaredLength > maxBytes) throw TooLarge(maxBytes);
        if (string.IsNullOrWhiteSpace(contentType)) return DefaultContentType;
        if (contentType.Length > MaxContentTypeLength || contentType.Any(char.IsControl) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || parsed.MediaType is null || !parsed.MediaType.Contains('/'))
            throw DomainError.Invalid("contentType",
                $"Content-Type must be a media type such as {DefaultContentType}, at most {MaxContentTypeLength} characters.");
        return contentType;
    }

    /// <summary>Once the bytes are in: an empty upload is refused; one past the limit never gets here (see <see cref="TooLarge"/>).</summary>
    public static AttachmentUploaded Decide(StoreAttachment command, long maxBytes)
    {
        if (command.Size == 0) throw DomainError.Invalid("body", "An attachment must not be empty.");
        if (command.Size > maxBytes) throw TooLarge(maxBytes);
        return new AttachmentUploaded(command.AttachmentId, command.ConversationId, command.UploaderId, command.Size,
            command.ContentType, command.Sha256, command.At);
    }

    public static DomainError TooLarge(long maxBytes) => DomainError.TooLarge($"An attachment may be at most {maxBytes:N0} bytes.");
}
