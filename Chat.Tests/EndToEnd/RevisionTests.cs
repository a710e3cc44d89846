using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

/// <summary>Editing a message and deleting it for everyone (docs/adr/0016-edit-and-delete.md).</summary>
public class RevisionTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Bob_sees_an_edit_and_a_deletion_at_once_and_history_and_his_list_show_them_without_more_unread()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        var (aliceInbox, bobInbox) = (new Inbox(aliceHub), new Inbox(bobHub));
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());
        var first = await aliceHub.Send(conversationId, "m1", "see you at 5");
        var second = await aliceHub.Send(conversationId, "m2", "wrong chat, sorry");
        await bobInbox.WaitForMessages(2);

        var edited = await aliceHub.Edit(conversationId, first.MessageId, "see you at 6");
        var deleted = await aliceHub.Delete(conversationId, second.MessageId);

        edited.Should().Match<MessageRevised>(r => r.Sequence == 1 && r.RevisionSequence == 3 && r.Body == "see you at 6"
            && r.EditedAt != null && r.DeletedAt == null && r.SenderId == alice.UserId);
        deleted.Should().Match<MessageRevised>(r => r.Sequence == 2 && r.RevisionSequence == 4 && r.Body == null
            && r.DeletedAt != null && r.DeletedBy == alice.UserId);
        (await bobInbox.WaitForRevisions(2)).Should().BeEquivalentTo([edited, deleted], o => o.WithStrictOrdering());
        var history = (await bob.Messages(conversationId)).Messages;
        history.Select(m => (m.Sequence, m.Body, m.EditedAt is not null, m.DeletedAt is not null))
            .Should().Equal((1L, "see you at 6", true, false), (2L, (string?)null, false, true));

        var listed = (await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].LastSequence == 4)).Single();
        listed.UnreadCount.Should().Be(2, "an edit or a deletion is not a message to read");
        listed.LastMessage.Should().Match<LastMessageView>(m => m.MessageId == second.MessageId && m.Body == null && m.DeletedAt != null);
        await bobHub.MarkRead(conversationId, 4);
        await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 0);
        aliceInbox.Revisions.Should().BeEmpty("the device an edit came from is not told it again");
    }

    [Fact]
    public async Task A_device_that_was_away_gets_the_edits_and_deletions_it_missed_in_order_once_and_then_nothing_again()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var sent = new List<SendMessageResult>();
        for (var i = 1; i <= 3; i++) sent.Add(await alice.Send(conversationId, $"m{i}", $"message {i}"));
        await using (var before = server.Connect(bob))
        {
            var inbox = new Inbox(before);
            await before.Start();
            await inbox.WaitForMessages(3);
            await before.AckDelivered(conversationId, 3);
        }

        await alice.Edit(conversationId, sent[0].MessageId, "message 1, edited");
        await alice.Delete(conversationId, sent[1].MessageId);
        var late = await alice.Send(conversationId, "m4", "message 4");
        await alice.Edit(conversationId, late.MessageId, "message 4, edited");

        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await bobHub.Start();
        (await bobInbox.WaitForMessages(1)).Single().Should().Match<MessageReceived>(m => m.Sequence == 6 && m.Body == "message 4, edited");
        var revisions = await bobInbox.WaitForRevisions(3);
        revisions.Select(r => (r.Sequence, r.RevisionSequence, r.Body)).Should().Equal(
            (1L, 4L, "message 1, edited"), (2L, 5L, (string?)null), (6L, 7L, "message 4, edited"));
        await bobHub.AckDelivered(conversationId, 7);

        await using var again = server.Connect(bob);
        var againInbox = new Inbox(again);
        await again.Start();
        await alice.Send(conversationId, "m5", "message 5");
        (await againInbox.WaitForMessages(1)).Single().Sequence.Should().Be(8, "what was acknowledged is not replayed");
        againInbox.Revisions.Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_sender_edits_a_repeat_changes_nothing_and_bad_requests_get_clear_errors()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var message = await alice.Send(conversationId, "m1", "hello");

        (await FluentActions.Awaiting(() => bob.Edit(conversationId, message.MessageId, "hijacked")).Should().ThrowAsync<ChatApiException>())
            .Which.Should().Match<ChatApiException>(e => e.Status == 403 && e.Code == "forbidden");
        (await FluentActions.Awaiting(() => bob.Delete(conversationId, message.MessageId)).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(403);
        (await FluentActions.Awaiting(() => alice.Edit(conversationId, Guid.NewGuid(), "x")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(404);
        (await FluentActions.Awaiting(() => alice.Edit(conversationId, message.MessageId, "")).Should().ThrowAsync<ChatApiException>())
            .Which.Should().Match<ChatApiException>(e => e.Status == 400 && e.Code == "validation_failed");
        await using var bobHub = server.Connect(bob);
        await bobHub.Start();
        (await FluentActions.Awaiting(() => bobHub.Edit(conversationId, message.MessageId, "hijacked")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("forbidden:");

        var edit = await alice.Edit(conversationId, message.MessageId, "hello there");
        (await alice.Edit(conversationId, message.MessageId, "hello there")).Should().BeEquivalentTo(edit, "a retried edit decides nothing");
        var deletion = await alice.Delete(conversationId, message.MessageId);
        (await alice.Delete(conversationId, message.MessageId)).Should().BeEquivalentTo(deletion);
        (await FluentActions.Awaiting(() => alice.Edit(conversationId, message.MessageId, "back")).Should().ThrowAsync<ChatApiException>())
            .Which.Should().Match<ChatApiException>(e => e.Status == 410 && e.Code == "gone");
        (await alice.Send(conversationId, "m2", "next")).Sequence.Should().Be(4, "the edit and the deletion took one sequence each, the repeats none");
    }

    [Fact]
    public async Task A_deleted_message_is_erased_from_the_event_store_and_the_others_keep_their_text()
    {
        var (alice, _, conversationId) = await server.NewConversation();
        var kept = await alice.Send(conversationId, "keep", "this stays");
        var gone = await alice.Send(conversationId, "gone", "my card number is 1234");
        await alice.Edit(conversationId, gone.MessageId, "my card number is 1234 5678");
        await alice.Delete(conversationId, gone.MessageId);
        var auditor = await server.Auditor();

        var events = await Eventually.Get(async () => (await auditor.AuditStream(conversationId)).Events,
            e => e.Where(x => x.Type is "message_sent" or "message_edited").All(x => x.Data.GetProperty("body").GetString() != "my card number is 1234"
                && x.Data.GetProperty("body").GetString() != "my card number is 1234 5678"), TimeSpan.FromSeconds(30));

        events.Select(e => e.Type).Should().Equal("direct_conversation_opened", "message_sent", "message_sent", "message_edited", "message_deleted");
        events.Where(e => e.Type is "message_sent" or "message_edited").Select(e => e.Data.GetProperty("body").GetString())
            .Should().Equal("this stays", "", "");
        events[2].Data.GetProperty("messageId").GetGuid().Should().Be(gone.MessageId, "the facts stay, only the text goes");
        kept.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task A_group_admin_deletes_a_members_message_and_a_member_who_joined_after_it_is_not_told()
    {
        var (admin, bob, joiner) = (await server.NewUser("admin"), await server.NewUser("bob"), await server.NewUser("joiner"));
        var groupId = await admin.CreateGroup("Moderated", bob.UserId);
        var message = await bob.Send(groupId, "b1", "before you came");
        await admin.AddMembers(groupId, joiner.UserId);
        await using var bobHub = server.Connect(bob);
        await using var joinerHub = server.Connect(joiner);
        var (bobInbox, joinerInbox) = (new Inbox(bobHub), new Inbox(joinerHub));
        await Task.WhenAll(bobHub.Start(), joinerHub.Start());

        var deletion = await admin.Delete(groupId, message.MessageId);

        deletion.Should().Match<MessageRevised>(r => r.DeletedBy == admin.UserId && r.SenderId == bob.UserId && r.Body == null);
        (await bobInbox.WaitForRevisions(1)).Single().Should().BeEquivalentTo(deletion);
        await bobHub.Send(groupId, "b2", "after");
        (await joinerInbox.WaitForMessages(1)).Single().Body.Should().Be("after");
        joinerInbox.Revisions.Should().BeEmpty("the message was never the joiner's to see");
        (await joiner.Messages(groupId)).Messages.Select(m => m.Body).Should().Equal("after");
    }

    [Fact]
    public async Task Reactions_reach_the_other_side_at_once_and_a_device_away_later_and_history_keeps_one_per_member()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var message = await alice.Send(conversationId, "m1", "dinner at 8?");
        await using var aliceHub = server.Connect(alice);
        var aliceInbox = new Inbox(aliceHub);
        await aliceHub.Start();

        var thumbs = await bob.React(conversationId, message.MessageId, "\U0001F44D");
        thumbs.Reactions.Should().Equal(new Dictionary<Guid, string> { [bob.UserId] = "\U0001F44D" });
        (await aliceInbox.WaitForRevisions(1)).Single().Should().BeEquivalentTo(thumbs);
        await aliceHub.AckDelivered(conversationId, thumbs.RevisionSequence);
        await aliceHub.DisposeAsync();

        await bob.React(conversationId, message.MessageId, "\u2764\uFE0F");
        var both = await alice.React(conversationId, message.MessageId, "\U0001F602");
        both.Reactions.Should().Equal(new Dictionary<Guid, string> { [bob.UserId] = "\u2764\uFE0F", [alice.UserId] = "\U0001F602" });
        (await bob.React(conversationId, message.MessageId, "\u2764\uFE0F")).RevisionSequence.Should().Be(both.RevisionSequence, "the same reaction again changes nothing");

        await using var again = server.Connect(alice);
        var againInbox = new Inbox(again);
        await again.Start();
        var replayed = await againInbox.WaitForRevisions(1);
        replayed.Single().Reactions.Should().Equal(both.Reactions, "the device gets the message as it stands, once");

        var withdrawn = await bob.React(conversationId, message.MessageId, null);
        withdrawn.Reactions.Should().Equal(new Dictionary<Guid, string> { [alice.UserId] = "\U0001F602" });
        (await bob.Messages(conversationId)).Messages.Single().Reactions.Should().Equal(withdrawn.Reactions);
        var listed = await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].LastSequence == withdrawn.RevisionSequence);
        listed.Single().UnreadCount.Should().Be(1, "Alice's message; the reactions, Alice's among them, are nothing to read");
    }
}
