namespace Chat.Domain.Users;

/// <summary>
/// An operator suspended the account: it does not sign in, its tokens stop working and its connections end, until it is
/// reinstated, or until <see cref="Until"/> when given. Its conversations, messages and membership stay
/// (docs/adr/0024-account-suspension.md).
/// </summary>
public sealed record AccountSuspended(Guid UserId, Guid SuspendedBy, string Reason, DateTimeOffset At, DateTimeOffset? Until = null);

public sealed record AccountReinstated(Guid UserId, Guid ReinstatedBy, DateTimeOffset At);

public sealed record SuspendAccount(Guid UserId, Guid OperatorId, string? Reason, DateTimeOffset Now, DateTimeOffset? Until = null);

/// <summary>A suspension in force: why, and until when (null: until an operator reinstates the account).</summary>
public sealed record Suspension(string Reason, DateTimeOffset? Until);

/// <summary>Suspending an account for abuse, and lifting it; both safe to repeat.</summary>
public static class Suspensions
{
    public const int MaxReasonLength = 500;

    /// <param name="current">The account's suspension in force, null when it has none (or the last one ran out).</param>
    public static AccountSuspended? Suspend(SuspendAccount c, Suspension? current)
    {
        if (string.IsNullOrWhiteSpace(c.Reason) || c.Reason.Length > MaxReasonLength || c.Reason.Contains('\0'))
            throw DomainError.Invalid("reason", $"reason must be 1 to {MaxReasonLength} characters: the user is shown it when signing in.");
        if (c.UserId == c.OperatorId) throw DomainError.Invalid("userId", "An operator cannot suspend their own account.");
        if (c.Until <= c.Now) throw DomainError.Invalid("until", "until must be in the future, or null for until reinstated.");
        return current is null ? new AccountSuspended(c.UserId, c.OperatorId, c.Reason.Trim(), c.Now, c.Until) : null;
    }

    public static AccountReinstated? Reinstate(Guid userId, Guid operatorId, Suspension? current, DateTimeOffset now) =>
        current is null ? null : new AccountReinstated(userId, operatorId, now);

    /// <summary>Refuses a sign-in with the right password while the account is suspended, naming why and until when.</summary>
    public static void EnsureNotSuspended(Suspension? current)
    {
        if (current is null) return;
        var until = current.Until is { } end ? $" until {end:yyyy-MM-dd HH:mm} UTC" : "";
        throw new DomainError(ErrorCodes.Suspended, $"This account is suspended{until}: {current.Reason}");
    }
}
