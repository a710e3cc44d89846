namespace Chat.WriteApi.Attachments;

/// <summary>
/// How much the blob store takes: at most <see cref="MaxBytes"/> per file, at most <see cref="QuotaBytes"/> of unexpired
/// files per uploader (none: no quota), and each file kept for <see cref="Retain"/> (none: for ever). ADR 12.
/// </summary>
public sealed record AttachmentPolicy(long MaxBytes, long? QuotaBytes = null, TimeSpan? Retain = null);
