using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// A schema of its own: every write node sweeps its schema for due messages and expires them through its own writer, so
/// another test class's in-process server on the shared schema (not linked to this one as nodes are) could expire this
/// class's messages and push the deletion to its own connections, not to the ones here.
/// </summary>
public sealed class DisappearingChatServer : ChatServer
{
    protected override string Schema { get; } = TestDatabase.PrivateSchema("disappear");
}

/// <summary>Disappearing messages (docs/adr/0018-disappearing-messages.md).</summary>
public class DisappearingTests(DisappearingChatServer server) : IClassFixture<DisappearingChatServer>
{
    private static readonly TimeSpan Timer = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_message_sent_with_the_timer_on_is_deleted_for_everyone_on_time_and_its_text_leaves_the_store()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        var (aliceInbox, bobInbox) = (new Inbox(aliceHub), new Inbox(bobHub));
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());
        (await aliceHub.Send(conversationId, "m1", "this one stays")).ExpiresAt.Should().BeNull("the timer was off");

        await alice.SetDisappearing(conversationId, Timer);
        (await Eventually.Get(() => bobInbox.Updates, u => u.Count > 0)).Should().ContainSingle()
            .Which.DisappearAfterSeconds.Should().Be(2, "members are told the timer changed");
        var secret = await aliceHub.Send(conversationId, "m2", "the door code is 4711");
        var received = (await bobInbox.WaitForMessages(2))[1];
        received.ExpiresAt.Should().Be(secret.SentAt + Timer);
        secret.ExpiresAt.Should().Be(received.ExpiresAt, "the sender's answer says it too");
        (await bob.Conversation(conversationId)).DisappearAfterSeconds.Should().Be(2);

        // Gone for both, the sender's devices included: nobody deleted it, its time did.
        var deletion = (await bobInbox.WaitForRevisions(1)).Single();
        deletion.Should().Match<MessageRevised>(r => r.MessageId == secret.MessageId && r.Body == null && r.DeletedBy == Guid.Empty
            && r.DeletedAt >= secret.SentAt + Timer && r.DeletedAt < secret.SentAt + Timer + TimeSpan.FromSeconds(10));
        (await aliceInbox.WaitForRevisions(1)).Single().RevisionSequence.Should().Be(deletion.RevisionSequence);
        var history = (await bob.Messages(conversationId)).Messages;
        history.Select(m => (m.Body, m.ExpiresAt is null, m.DeletedAt is null))
            .Should().Equal(("this one stays", true, true), ((string?)null, false, false));

        var auditor = await server.Auditor();
        var sent = await Eventually.Get(async () => (await auditor.AuditStream(conversationId)).Events.Where(e => e.Type == "message_sent").ToList(),
            e => e.All(x => x.Data.GetProperty("body").GetString() != "the door code is 4711"));
        sent.Select(e => e.Data.GetProperty("body").GetString()).Should().Equal("this one stays", "");

        await bob.SetDisappearing(conversationId, null);
        var after = await bob.Send(conversationId, "b1", "and this one too");
        after.ExpiresAt.Should().BeNull("the timer is off again");
        (await aliceInbox.WaitForMessages(1)).Single().Should().Match<MessageReceived>(m => m.MessageId == after.MessageId && m.ExpiresAt == null);
    }

    [Fact]
    public async Task Only_an_admin_sets_a_groups_timer_within_ninety_days_and_every_member_is_told()
    {
        var (alice, bob) = (await server.NewUser("alice"), await server.NewUser("bob"));
        var group = await alice.CreateGroup("secrets", bob.UserId);
        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await bobHub.Start();

        (await FluentActions.Awaiting(() => bob.SetDisappearing(group, TimeSpan.FromDays(1))).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(403);
        var tooLong = (await FluentActions.Awaiting(() => alice.SetDisappearing(group, TimeSpan.FromDays(91))).Should().ThrowAsync<ChatApiException>()).Which;
        (tooLong.Status, tooLong.Body.Contains("afterSeconds")).Should().Be((400, true));

        await alice.SetDisappearing(group, TimeSpan.FromDays(7));
        (await Eventually.Get(() => bobInbox.Updates, u => u.Count > 0)).Single().DisappearAfterSeconds.Should().Be(7 * 24 * 3600);
        var sent = await alice.Send(group, "g1", "for a week");
        sent.ExpiresAt.Should().Be(sent.SentAt + TimeSpan.FromDays(7));
        (await bob.Messages(group)).Messages.Single().ExpiresAt.Should().Be(sent.ExpiresAt);
    }
}
