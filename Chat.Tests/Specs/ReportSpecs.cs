using Chat.Domain;
using Chat.Domain.Conversations;
using Chat.Domain.Reports;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Reporting abuse (docs/adr/0028-reporting-abuse.md).</summary>
public class ReportSpecs
{
    private static readonly Guid Reporter = Guid.NewGuid(), Reported = Guid.NewGuid(), Other = Guid.NewGuid(), Conversation = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);
    private static readonly MessageFacts First = Message(Reported, 3), Second = Message(Reported, 7), Others = Message(Other, 5);
    private static readonly Dictionary<Guid, MessageFacts> Messages = new[] { First, Second, Others }.ToDictionary(m => m.MessageId);

    private static MessageFacts Message(Guid sender, long sequence) => new(Guid.NewGuid(), Conversation, sender, sequence, Now.AddMinutes(-sequence), "ciphertext");

    private static FileReport Report(string? reason = "spam", string? note = null, params QuotedMessage[] quoted) =>
        new(Guid.NewGuid(), Reporter, Reported, Conversation, reason, note, quoted, Now);

    private static UserReported File(FileReport report, bool reportedIsMember = true) => AbuseReports.File(report, reportedIsMember, Messages.GetValueOrDefault);

    private static void Refused(FileReport report, string field, bool reportedIsMember = true)
    {
        var error = FluentActions.Invoking(() => File(report, reportedIsMember)).Should().Throw<DomainError>().Which;
        (error.Code, error.Field).Should().Be((ErrorCodes.Validation, field));
    }

    [Fact]
    public void A_report_quotes_the_reported_users_messages_in_their_order_with_the_reporters_text()
    {
        var report = Report("harassment", "  threats  ", new QuotedMessage(Second.MessageId, "second"), new QuotedMessage(First.MessageId, "first"));
        File(report).Should().BeEquivalentTo(new UserReported(report.ReportId, Reporter, Reported, Conversation, "harassment", "threats",
            [new ReportedMessage(First.MessageId, 3, First.SentAt, "first"), new ReportedMessage(Second.MessageId, 7, Second.SentAt, "second")], Now),
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_report_names_a_known_reason_and_quotes_only_the_reported_users_messages_here()
    {
        Refused(Report("rude"), "reason");
        Refused(Report(reason: null), "reason");
        Refused(Report(note: new string('n', AbuseReports.MaxNoteLength + 1)), "note");
        Refused(Report(quoted: new QuotedMessage(Others.MessageId, "not theirs")), "messages");
        Refused(Report(quoted: new QuotedMessage(Guid.NewGuid(), "unknown")), "messages");
        Refused(Report(quoted: new QuotedMessage(First.MessageId, "")), "messages");
        Refused(Report(quoted: [.. Enumerable.Repeat(new QuotedMessage(First.MessageId, "again"), AbuseReports.MaxMessages + 1)]), "messages");
        Refused(Report() with { ReportedUserId = Reporter }, "userId");
    }

    [Fact]
    public void Someone_who_left_is_reported_only_with_a_message_of_theirs()
    {
        Refused(Report(), "userId", reportedIsMember: false);
        File(Report(quoted: new QuotedMessage(First.MessageId, "first")), reportedIsMember: false).Messages.Should().ContainSingle();
    }

    [Fact]
    public void A_report_closes_once_with_what_was_done()
    {
        var reportId = Guid.NewGuid();
        AbuseReports.Close(reportId, Other, " suspended ", closedAt: null, Now).Should().Be(new ReportClosed(reportId, Other, "suspended", Now));
        AbuseReports.Close(reportId, Other, "again", closedAt: Now, Now).Should().BeNull("closing again decides nothing");
        FluentActions.Invoking(() => AbuseReports.Close(reportId, Other, " ", null, Now)).Should().Throw<DomainError>().Which.Field.Should().Be("outcome");
    }
}
