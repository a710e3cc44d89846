using Chat.Domain.Conversations;

namespace Chat.Domain.Reports;

/// <summary>A message of the reported user, as the reporter's app shows it: with end-to-end encryption the server has only ciphertext.</summary>
public sealed record ReportedMessage(Guid MessageId, long Sequence, DateTimeOffset SentAt, string Text);

/// <summary>
/// A member reported another member of a conversation to the operators, for <see cref="Reason"/>, with up to five of
/// their messages as evidence (docs/adr/0028-reporting-abuse.md). The report's own stream.
/// </summary>
public sealed record UserReported(
    Guid ReportId, Guid ReporterId, Guid ReportedUserId, Guid ConversationId, string Reason, string? Note,
    IReadOnlyList<ReportedMessage> Messages, DateTimeOffset At);

/// <summary>An operator dealt with the report; <see cref="Outcome"/> says how, for the other operators.</summary>
public sealed record ReportClosed(Guid ReportId, Guid ClosedBy, string Outcome, DateTimeOffset At);

/// <summary>A message the reporter quotes: its id, and its text as their app shows it.</summary>
public sealed record QuotedMessage(Guid MessageId, string? Text);

public sealed record FileReport(
    Guid ReportId, Guid ReporterId, Guid ReportedUserId, Guid ConversationId, string? Reason, string? Note,
    IReadOnlyList<QuotedMessage> Messages, DateTimeOffset Now);

/// <summary>Reporting a member for abuse, and closing a report.</summary>
public static class AbuseReports
{
    public static readonly string[] Reasons = ["spam", "harassment", "impersonation", "other"];
    public const int MaxMessages = 5;
    public const int MaxTextLength = 4_096;
    public const int MaxNoteLength = 1_000;
    public const int MaxOutcomeLength = 500;

    /// <param name="reportedIsMember">Whether the reported user is a member of the conversation now.</param>
    /// <param name="messageOf">The conversation's message with that id, if it has one the reporter may see.</param>
    public static UserReported File(FileReport c, bool reportedIsMember, Func<Guid, MessageFacts?> messageOf)
    {
        if (c.ReportedUserId == c.ReporterId) throw DomainError.Invalid("userId", "You cannot report yourself.");
        if (c.Reason is null || !Reasons.Contains(c.Reason))
            throw DomainError.Invalid("reason", $"reason must be one of {string.Join(", ", Reasons.Select(r => $"\"{r}\""))}.");
        if (c.Note is { Length: > MaxNoteLength }) throw DomainError.Invalid("note", $"note must be at most {MaxNoteLength} characters.");
        StoredText.Check("note", c.Note);
        if (c.Messages.Count > MaxMessages) throw DomainError.Invalid("messages", $"A report quotes at most {MaxMessages} messages.");
        var quoted = c.Messages.Select(m => Quote(c, m, messageOf(m.MessageId))).DistinctBy(m => m.MessageId).OrderBy(m => m.Sequence).ToList();
        // Someone who left a group can still be reported for what they wrote there.
        if (!reportedIsMember && quoted.Count == 0)
            throw DomainError.Invalid("userId", "The reported user is not a member of this conversation; quote a message of theirs.");
        return new UserReported(c.ReportId, c.ReporterId, c.ReportedUserId, c.ConversationId, c.Reason,
            string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim(), quoted, c.Now);
    }

    private static ReportedMessage Quote(FileReport c, QuotedMessage quoted, MessageFacts? message)
    {
        if (message is null || message.ConversationId != c.ConversationId)
            throw DomainError.Invalid("messages", $"Message {quoted.MessageId} is not in this conversation.");
        if (message.SenderId != c.ReportedUserId) throw DomainError.Invalid("messages", $"Message {quoted.MessageId} was not sent by the reported user.");
        if (string.IsNullOrEmpty(quoted.Text) || quoted.Text.Length > MaxTextLength)
            throw DomainError.Invalid("messages", $"Each quoted message's text must be 1 to {MaxTextLength} characters.");
        StoredText.Check("messages", quoted.Text);
        return new ReportedMessage(message.MessageId, message.Sequence, message.SentAt, quoted.Text);
    }

    /// <param name="closedAt">When the report was closed, null while it is open; closing again decides nothing.</param>
    public static ReportClosed? Close(Guid reportId, Guid operatorId, string? outcome, DateTimeOffset? closedAt, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(outcome) || outcome.Length > MaxOutcomeLength || outcome.Contains('\0'))
            throw DomainError.Invalid("outcome", $"outcome must be 1 to {MaxOutcomeLength} characters: what was done, for the other operators.");
        return closedAt is null ? new ReportClosed(reportId, operatorId, outcome.Trim(), now) : null;
    }
}
