namespace Chat.Domain.Users;

/// <summary>
/// An operator suspended the account: it does not sign in, its tokens stop working and its connections end, until it is
/// reinstated. Its conversations, messages and membership stay (docs/adr/0024-account-suspension.md).
/// </summary>
public sealed record AccountSuspended(Guid UserId, Guid SuspendedBy, string Reason, DateTimeOffset At);

public sealed record AccountReinstated(Guid UserId, Guid ReinstatedBy, DateTimeOffset At);

public sealed record SuspendAccount(Guid UserId, Guid OperatorId, string? Reason, DateTimeOffset Now);

/// <summary>Suspending an account for abuse, and lifting it; both safe to repeat.</summary>
public static class Suspensions
{
    public const int MaxReasonLength = 500;

    /// <param name="current">The account's standing suspension's reason, null when it has none.</param>
    public static AccountSuspended? Suspend(SuspendAccount c, string? current)
    {
        if (string.IsNullOrWhiteSpace(c.Reason) || c.Reason.Length > MaxReasonLength || c.Reason.Contains('\0'))
            throw DomainError.Invalid("reason", $"reason must be 1 to {MaxReasonLength} characters: the user is shown it when signing in.");
        if (c.UserId == c.OperatorId) throw DomainError.Invalid("userId", "An operator cannot suspend their own account.");
        return current is null ? new AccountSuspended(c.UserId, c.OperatorId, c.Reason.Trim(), c.Now) : null;
    }

    public static AccountReinstated? Reinstate(Guid userId, Guid operatorId, string? current, DateTimeOffset now) =>
        current is null ? null : new AccountReinstated(userId, operatorId, now);

    /// <summary>Refuses a sign-in with the right password while the account is suspended, naming why.</summary>
    public static void EnsureNotSuspended(string? current)
    {
        if (current is not null) throw new DomainError(ErrorCodes.Suspended, $"This account is suspended: {current}");
    }
}
