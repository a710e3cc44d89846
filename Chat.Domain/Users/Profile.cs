namespace Chat.Domain.Users;

/// <summary>The account's password, replaced; <see cref="PasswordHash"/> is a salted PBKDF2 hash, never the password.</summary>
public sealed record PasswordChanged(Guid UserId, string PasswordHash, DateTimeOffset At);

/// <summary>The name others see for the user.</summary>
public sealed record DisplayNameChanged(Guid UserId, string DisplayName, DateTimeOffset At);

public sealed record ChangePassword(Guid UserId, string? CurrentPassword, string? NewPassword, DateTimeOffset Now);

public sealed record ChangeDisplayName(Guid UserId, string? DisplayName, DateTimeOffset Now);

public sealed record DeleteAccount(Guid UserId, string? Password, DateTimeOffset Now);

/// <summary>What a signed-in user changes of their own account.</summary>
public static class Profile
{
    /// <summary>Only with the current password: a token left on a shared computer must not be enough to lock its owner out.</summary>
    public static PasswordChanged ChangePassword(ChangePassword c, Func<string, bool> isCurrentPassword, Func<string, string> hashPassword)
    {
        if (c.CurrentPassword is null || !isCurrentPassword(c.CurrentPassword))
            throw DomainError.Invalid("currentPassword", "currentPassword is not the account's password.");
        Registration.CheckPassword("newPassword", c.NewPassword);
        return new PasswordChanged(c.UserId, hashPassword(c.NewPassword!), c.Now);
    }

    /// <summary>Only with the password, as a password change: a token alone must not be enough to erase an account.</summary>
    public static AccountDeleted DeleteAccount(DeleteAccount c, Func<string, bool> isPassword) =>
        c.Password is not null && isPassword(c.Password)
            ? new AccountDeleted(c.UserId, c.Now)
            : throw DomainError.Invalid("password", "password is not the account's password.");

    /// <summary>The same name again changes nothing.</summary>
    public static DisplayNameChanged? ChangeDisplayName(ChangeDisplayName c, string current)
    {
        Registration.CheckDisplayName(c.DisplayName);
        var name = c.DisplayName!.Trim();
        return name == current ? null : new DisplayNameChanged(c.UserId, name, c.Now);
    }
}
