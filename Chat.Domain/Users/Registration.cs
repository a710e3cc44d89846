using System.Text.RegularExpressions;

namespace Chat.Domain.Users;

public sealed record RegisterUser(Guid UserId, string Username, string DisplayName, string Password, DateTimeOffset Now);

public static partial class Registration
{
    public const int MinPasswordLength = 8;

    /// <summary>Validates the request; the password is hashed by the caller (hashing is not a domain decision).</summary>
    public static UserRegistered Decide(RegisterUser command, Func<string, string> hashPassword)
    {
        if (string.IsNullOrWhiteSpace(command.Username) || !UsernamePattern().IsMatch(command.Username))
            throw DomainError.Invalid("username", "username must be 3 to 32 letters, digits, '.', '_' or '-'.");
        CheckDisplayName(command.DisplayName);
        CheckPassword("password", command.Password);
        return new UserRegistered(command.UserId, command.Username, command.DisplayName.Trim(), hashPassword(command.Password), command.Now);
    }

    public static void CheckDisplayName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 64)
            throw DomainError.Invalid("displayName", "displayName must be 1 to 64 characters.");
        StoredText.Check("displayName", displayName);
    }

    public static void CheckPassword(string field, string? password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > 256)
            throw DomainError.Invalid(field, $"{field} must be {MinPasswordLength} to 256 characters.");
    }

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>The key to look a username up by, or null when no registered username could match it.</summary>
    public static string? LookupKey(string? username) =>
        username?.Trim() is { } trimmed && UsernamePattern().IsMatch(trimmed) ? Normalize(trimmed) : null;

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex UsernamePattern();
}
