namespace Chat.Domain.Users;

/// <summary>A new account; <see cref="PasswordHash"/> is a salted PBKDF2 hash, never the password.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string DisplayName, string PasswordHash, DateTimeOffset RegisteredAt);
