namespace Chat.Domain.Users;

/// <summary>A new account; <see cref="PasswordHash"/> is a salted PBKDF2 hash, never the password.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string DisplayName, string PasswordHash, DateTimeOffset RegisteredAt);

/// <summary>The first of the user's devices became active; appended on the change only, never per heartbeat.</summary>
public sealed record UserCameOnline(Guid UserId, DateTimeOffset At);

/// <summary>No device was active for the whole grace period; <see cref="LastSeenAt"/> is when the last one stopped.</summary>
public sealed record UserWentOffline(Guid UserId, DateTimeOffset LastSeenAt);

/// <summary>
/// The user deleted their account: it no longer signs in, its tokens stop working, its username is free again, and
/// its personal data in these events is masked (docs/adr/0019-account-deletion.md).
/// </summary>
public sealed record AccountDeleted(Guid UserId, DateTimeOffset At);

public enum Visibility { Everyone, Contacts, Nobody }

/// <summary>Who may see the user's online status and last seen.</summary>
public sealed record PresencePrivacyChanged(Guid UserId, Visibility LastSeen, DateTimeOffset At);

/// <summary>
/// Whether the user's reads in direct conversations are shown to the other member (the blue ticks); with
/// <see cref="Send"/> false they see delivered only (docs/adr/0026-read-receipts-off.md).
/// </summary>
public sealed record ReadReceiptsChanged(Guid UserId, bool Send, DateTimeOffset At);

/// <summary>
/// Who may put the user in a group, by creating it with them or adding them: everyone, only the people the user has
/// written to in a direct chat (and not blocked), or nobody; an invite link the user opens is their own choice and
/// always works (docs/adr/0030-who-can-add-me-to-groups.md).
/// </summary>
public sealed record GroupAddsPrivacyChanged(Guid UserId, Visibility AddedBy, DateTimeOffset At);
