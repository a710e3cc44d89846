using Chat.Contracts;
using Chat.Domain;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Members report abuse; operators review and close the reports (docs/adr/0028-reporting-abuse.md).</summary>
public class ReportTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_member_reports_another_with_quotes_and_the_operators_review_and_close_it()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var first = await alice.Send(conversationId, "a1", "ciphertext-1");
        var second = await alice.Send(conversationId, "a2", "ciphertext-2");

        var filed = await bob.Report(conversationId, alice.UserId, "spam", "Keeps sending links",
            new QuotedText(second.MessageId, "click here"), new QuotedText(first.MessageId, "buy now"));

        var op = await server.Operator();
        var report = (await op.Reports(about: alice.UserId)).Single();
        report.Should().BeEquivalentTo(new
        {
            ReporterId = bob.UserId, ReportedUserId = alice.UserId, ConversationId = conversationId, Reason = "spam", Note = "Keeps sending links",
            ClosedAt = (DateTimeOffset?)null,
        });
        report.Messages.Select(m => (m.MessageId, m.Sequence, m.Text)).Should().Equal((first.MessageId, 1L, "buy now"), (second.MessageId, 2L, "click here"));
        await Refused(() => bob.Reports(), 403, ErrorCodes.Forbidden, "only operators read reports");
        await op.Suspend(alice.UserId, "Spam, pending review.", DateTimeOffset.UtcNow.AddDays(1));
        var account = await op.Account(alice.UserId);
        (account.Username, account.SuspendedFor, account.OpenReports, account.ClosedReports).Should().Be((alice.Username!, "Spam, pending review.", 1, 0));
        account.SuspendedUntil.Should().BeAfter(DateTimeOffset.UtcNow);
        account.Devices.Should().ContainSingle();
        await Refused(() => bob.Account(alice.UserId), 403, ErrorCodes.Forbidden);
        await Refused(() => op.Account(Guid.NewGuid()), 404, ErrorCodes.NotFound);
        await Refused(() => bob.CloseReport(filed.ReportId, "nothing"), 403, ErrorCodes.Forbidden);

        await op.CloseReport(filed.ReportId, "Suspended the account for spam.");
        await op.CloseReport(filed.ReportId, "again"); // closed already: nothing changes
        (await op.Reports(about: alice.UserId)).Should().BeEmpty();
        var closed = await op.ReportById(filed.ReportId);
        (closed.ClosedBy, closed.Outcome).Should().Be((op.UserId, "Suspended the account for spam."));
        (await op.Reports("closed", about: alice.UserId)).Should().ContainSingle().Which.ReportId.Should().Be(filed.ReportId);
        ((await op.Account(alice.UserId)).OpenReports, (await op.Account(alice.UserId)).ClosedReports).Should().Be((0, 1));
        (await op.Reports()).Should().NotContain(r => r.ReportId == filed.ReportId);
        await Refused(() => op.CloseReport(Guid.NewGuid(), "x"), 404, ErrorCodes.NotFound);

        // The quotes are for the operators: the audit feed has the report without them.
        var audited = (await (await server.Auditor()).AuditStream(filed.ReportId)).Events.Select(e => (e.Type, Data: e.Data.ToString())).ToList();
        audited.Select(e => e.Type).Should().Equal("user_reported", "report_closed");
        audited[0].Data.Should().Contain(first.MessageId.ToString()).And.NotContain("buy now").And.NotContain("Keeps sending links");
    }

    [Fact]
    public async Task Reports_come_from_members_about_members_or_what_they_wrote_there()
    {
        var (alice, bob, carol, stranger) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"), await server.NewUser("stranger"));
        var groupId = await alice.CreateGroup("Club", bob.UserId, carol.UserId);
        var fromCarol = await carol.Send(groupId, "c1", "rude words");
        var fromBob = await bob.Send(groupId, "b1", "hello");

        await Refused(() => stranger.Report(groupId, carol.UserId, "spam"), 403, ErrorCodes.Forbidden, "only a member reports");
        await Refused(() => alice.Report(Guid.NewGuid(), carol.UserId, "spam"), 404, ErrorCodes.NotFound);
        await Refused(() => alice.Report(groupId, carol.UserId, "rude"), 400, ErrorCodes.Validation);
        await Refused(() => alice.Report(groupId, carol.UserId, "harassment", null, new QuotedText(fromBob.MessageId, "hello")), 400,
            ErrorCodes.Validation, "a quote is the reported user's own message");
        await Refused(() => alice.Report(groupId, alice.UserId, "other"), 400, ErrorCodes.Validation);
        await Refused(() => alice.Report(groupId, carol.UserId, "spam", null, [null!]), 400, ErrorCodes.Validation, "a quote that is no quote");

        var dave = await server.NewUser("dave");
        await alice.AddMembers(groupId, dave.UserId);
        await Refused(() => dave.Report(groupId, carol.UserId, "harassment", null, new QuotedText(fromCarol.MessageId, "rude words")), 400,
            ErrorCodes.Validation, "Dave joined after it: he never had that message");

        await carol.RemoveMember(groupId, carol.UserId); // she leaves
        await Refused(() => alice.Report(groupId, carol.UserId, "harassment"), 400, ErrorCodes.Validation, "she is not a member any more");
        var filed = await alice.Report(groupId, carol.UserId, "harassment", null, new QuotedText(fromCarol.MessageId, "rude words"));
        (await (await server.Operator()).ReportById(filed.ReportId)).ReportedUserId.Should().Be(carol.UserId);
    }

    [Fact]
    public async Task A_reporter_files_at_most_twenty_reports_an_hour()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        for (var i = 0; i < 20; i++) await bob.Report(conversationId, alice.UserId, "spam");

        var refused = await Refused(() => bob.Report(conversationId, alice.UserId, "spam"), 429, ErrorCodes.RateLimited);
        refused.Message.Should().Contain("20 reports in the last hour");
        (await alice.Report(conversationId, bob.UserId, "other")).ReportId.Should().NotBeEmpty("the limit is the reporter's own");
    }
}
