namespace Chat.Domain.Users;

/// <summary>The user's profile photo is now <see cref="AvatarId"/>: a new id for every photo, so clients cache by it.</summary>
public sealed record AvatarChanged(Guid UserId, Guid AvatarId, DateTimeOffset At);

/// <summary>The user has no profile photo any more.</summary>
public sealed record AvatarRemoved(Guid UserId, Guid AvatarId, DateTimeOffset At);

/// <summary>Profile and group photos (docs/adr/0020-profile-photos.md): the server keeps square JPEGs it made itself from the upload.</summary>
public static class Avatars
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>Decoding is bounded by the pixels, not the bytes: a small file can claim a huge picture.</summary>
    public const int MaxSide = 10_000;
    public const long MaxPixels = 40_000_000;

    /// <summary>The sizes kept, in pixels a side: a profile view and a list's row.</summary>
    public const int LargeSide = 512, SmallSide = 96;

    public static DomainError TooLarge() => DomainError.TooLarge($"A photo may be at most {MaxUploadBytes:N0} bytes.");

    public static void CheckDimensions(int width, int height)
    {
        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            throw DomainError.Invalid("image", $"A photo may be at most {MaxSide:N0} pixels a side and {MaxPixels:N0} pixels in all.");
    }

    public static AvatarRemoved? Remove(Guid userId, Guid? current, DateTimeOffset now) =>
        current is { } avatarId ? new AvatarRemoved(userId, avatarId, now) : null;

    /// <summary>"small" or "large" (the default).</summary>
    public static int SideOf(string? size) => size switch
    {
        null or "large" => LargeSide,
        "small" => SmallSide,
        _ => throw DomainError.Invalid("size", "size must be small or large."),
    };
}
