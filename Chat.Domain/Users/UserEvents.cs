namespace Chat.Domain.Users;

/// <summary>A new account; <see cref="PasswordHash"/> is a salted PBKDF2 hash, never the password.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string DisplayName, string PasswordHash, DateTimeOffset RegisteredAt);

/// <summary>The first of the user's devices became active; appended on the change only, never per heartbeat.</summary>
public sealed record UserCameOnline(Guid UserId, DateTimeOffset At);

/// <summary>No device was active for the whole grace period; <see cref="LastSeenAt"/> is when the last one stopped.</summary>
public sealed record UserWentOffline(Guid UserId, DateTimeOffset LastSeenAt);

public enum Visibility { Everyone, Contacts, Nobody }

/// <summary>Who may see the user's online status and last seen.</summary>
public sealed record PresencePrivacyChanged(Guid UserId, Visibility LastSeen, DateTimeOffset At);
