namespace Chat.Domain;

/// <summary>The one error type the domain raises; <see cref="Code"/> is machine-readable and stable.</summary>
public sealed class DomainError(string code, string message, string? field = null, TimeSpan? retryAfter = null) : Exception(message)
{
    public string Code { get; } = code;
    public string? Field { get; } = field;

    /// <summary>For <see cref="ErrorCodes.RateLimited"/>: when to try again (HTTP's Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static DomainError NotFound(string what) => new(ErrorCodes.NotFound, $"{what} was not found.");
    public static DomainError NotMember() => new(ErrorCodes.Forbidden, "You are not a member of this conversation.");
    public static DomainError Invalid(string field, string message) => new(ErrorCodes.Validation, message, field);
    public static DomainError TooLarge(string message) => new(ErrorCodes.PayloadTooLarge, message);
    public static DomainError Gone(string message) => new(ErrorCodes.Gone, message);
    public static DomainError RateLimited(string message, TimeSpan retryAfter) => new(ErrorCodes.RateLimited, message, retryAfter: retryAfter);
}

public static class ErrorCodes
{
    public const string Validation = "validation_failed";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string Conflict = "conflict";
    public const string Unauthorized = "unauthorized";
    public const string Unavailable = "unavailable";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Gone = "gone";
    public const string Blocked = "blocked";
    public const string Suspended = "suspended";
    public const string PrivacyRestricted = "privacy_restricted";
}
