using Chat.Contracts;
using Chat.Domain;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Clearing and deleting a chat, and deleting a message for oneself (docs/adr/0027-clearing-a-chat.md): the user's own copy of the history, on every device.</summary>
public class ClearHistoryTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Clearing_hides_the_history_from_the_user_on_every_device_while_the_other_member_keeps_it()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var phoneHub = server.Connect(await server.OnDevice(bob, "phone"));
        var phoneInbox = new Inbox(phoneHub);
        await phoneHub.Start();
        for (var i = 1; i <= 3; i++) await alice.Send(conversationId, $"a{i}", $"message {i}");
        await Eventually.Get(() => bob.Conversations(), c => c.Single().LastMessage?.Sequence == 3);

        await bob.ClearHistory(conversationId);

        (await bob.AllMessages(conversationId)).Should().BeEmpty();
        (await alice.AllMessages(conversationId)).Select(m => m.Sequence).Should().Equal(1, 2, 3);
        (await bob.Conversations()).Single().LastMessage.Should().BeNull("the list shows nothing the user cleared");
        (await phoneInbox.WaitForListChanges(1)).Single().ClearedUpTo.Should().Be(3);

        await alice.Send(conversationId, "a4", "after the clear");
        (await bob.AllMessages(conversationId)).Select(m => m.Body).Should().Equal("after the clear");
        await Eventually.Get(() => bob.Conversations(), c => c.Single().LastMessage?.Sequence == 4);

        await bob.ClearHistory(conversationId, upToSequence: 2); // below what is cleared: nothing comes back
        (await bob.AllMessages(conversationId)).Select(m => m.Sequence).Should().Equal(4);
        await Refused(() => bob.ClearHistory(conversationId, upToSequence: 5), 400, ErrorCodes.Validation, "there is no message 5 yet");
        var stranger = await server.NewUser("stranger");
        await Refused(() => stranger.ClearHistory(conversationId), 403, ErrorCodes.Forbidden);
        await Refused(() => bob.ClearHistory(Guid.NewGuid()), 404, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_device_that_was_away_is_not_given_back_what_the_user_cleared_meanwhile()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var laptop = await server.OnDevice(bob, "laptop");
        var sent = new List<Guid>();
        for (var i = 1; i <= 3; i++) sent.Add((await alice.Send(conversationId, $"a{i}", $"message {i}")).MessageId);

        await bob.ClearHistory(conversationId);
        await alice.Edit(conversationId, sent[1], "message 2, edited"); // sequence 4, about a cleared message
        await alice.Send(conversationId, "a4", "after the clear"); // sequence 5

        await using var laptopHub = server.Connect(laptop);
        var laptopInbox = new Inbox(laptopHub);
        await laptopHub.Start();
        (await laptopInbox.WaitForMessages(1)).Single().Body.Should().Be("after the clear");
        await Task.Delay(300); // anything more of the relay would have arrived now
        laptopInbox.Messages.Should().ContainSingle();
        laptopInbox.Revisions.Should().BeEmpty("the edited message was cleared");
    }

    [Fact]
    public async Task A_message_deleted_for_oneself_is_gone_from_the_users_devices_while_the_others_keep_it()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var phoneHub = server.Connect(await server.OnDevice(bob, "phone"));
        var phoneInbox = new Inbox(phoneHub);
        await phoneHub.Start();
        var sent = new List<Guid>();
        for (var i = 1; i <= 3; i++) sent.Add((await alice.Send(conversationId, $"a{i}", $"message {i}")).MessageId);
        var own = await bob.Send(conversationId, "b1", "bob's own"); // sequence 4
        await Eventually.Get(() => bob.Conversations(), c => c.Single().LastMessage?.Sequence == 4);

        await bob.DeleteForMe(conversationId, sent[1]);
        await bob.DeleteForMe(conversationId, own.MessageId); // one's own messages too, for oneself
        await bob.DeleteForMe(conversationId, sent[1]); // again: nothing more

        (await bob.AllMessages(conversationId)).Select(m => m.Body).Should().Equal("message 1", "message 3");
        (await bob.Messages(conversationId, limit: 1)).Messages.Select(m => m.Sequence).Should().Equal([3], "a page skips what was deleted");
        (await alice.AllMessages(conversationId)).Select(m => m.Sequence).Should().Equal(1, 2, 3, 4);
        (await bob.Conversations()).Single().LastMessage.Should().BeNull("the last message is one the user deleted for himself");
        (await alice.Conversations()).Single().LastMessage!.Sequence.Should().Be(4);
        (await phoneInbox.WaitForListChanges(2)).Select(c => c.Hidden).Should().BeEquivalentTo(
            [new long[] { 2 }, new long[] { 2, 4 }], o => o.WithStrictOrdering(), "each change carries what is deleted as it now stands");

        var other = await server.NewConversation();
        var elsewhere = await other.Alice.Send(other.ConversationId, "x1", "in another conversation");
        await Refused(() => bob.DeleteForMe(conversationId, elsewhere.MessageId), 404, ErrorCodes.NotFound);
        await Refused(() => bob.DeleteForMe(conversationId, Guid.NewGuid()), 404, ErrorCodes.NotFound);
        var stranger = await server.NewUser("stranger");
        await Refused(() => stranger.DeleteForMe(conversationId, sent[0]), 403, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task A_device_that_was_away_is_not_given_a_message_deleted_for_oneself_nor_its_later_changes()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var laptop = await server.OnDevice(bob, "laptop");
        var sent = new List<Guid>();
        for (var i = 1; i <= 3; i++) sent.Add((await alice.Send(conversationId, $"a{i}", $"message {i}")).MessageId);

        await bob.DeleteForMe(conversationId, sent[1]);
        await alice.Edit(conversationId, sent[1], "message 2, edited"); // sequence 4, about the deleted one
        await alice.Edit(conversationId, sent[2], "message 3, edited"); // sequence 5

        await using var laptopHub = server.Connect(laptop);
        var laptopInbox = new Inbox(laptopHub);
        await laptopHub.Start();
        (await laptopInbox.WaitForMessages(2)).Select(m => m.Sequence).Should().Equal(1, 3);
        (await laptopInbox.WaitForRevisions(1)).Single().MessageId.Should().Be(sent[2]);
        await Task.Delay(300); // anything more of the relay would have arrived now
        laptopInbox.Messages.Should().HaveCount(2);
        laptopInbox.Revisions.Should().ContainSingle("the edit of the deleted message is not brought either");
    }

    [Fact]
    public async Task A_deleted_chat_leaves_the_users_list_on_every_device_until_a_newer_message_while_the_other_keeps_it()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var phoneHub = server.Connect(await server.OnDevice(bob, "phone"));
        var phoneInbox = new Inbox(phoneHub);
        await phoneHub.Start();
        for (var i = 1; i <= 2; i++) await alice.Send(conversationId, $"a{i}", $"message {i}");
        await Eventually.Get(() => bob.Conversations(), c => c.Single().LastMessage?.Sequence == 2);
        await bob.Pin(conversationId);

        await bob.DeleteChat(conversationId);
        await bob.DeleteChat(conversationId); // again: nothing more

        (await bob.Conversations()).Should().BeEmpty();
        (await bob.AllMessages(conversationId)).Should().BeEmpty();
        (await alice.Conversations()).Single().LastMessage!.Sequence.Should().Be(2, "Alice keeps hers");
        (await phoneInbox.WaitForListChanges(2)).Last().Should().Match<ChatListChanged>(c =>
            c.Deleted && c.ClearedUpTo == 2 && !c.Pinned, "the pin, then the deletion; a repeat sends nothing");

        await alice.Send(conversationId, "a3", "are you there?");
        var back = (await Eventually.Get(() => bob.Conversations(), c => c.Count == 1)).Single();
        back.LastMessage!.Body.Should().Be("are you there?");
        back.Pinned.Should().BeFalse();
        (await bob.AllMessages(conversationId)).Select(m => m.Body).Should().Equal("are you there?");

        var groupId = await alice.CreateGroup("Not deleted, left", bob.UserId);
        await Refused(() => bob.DeleteChat(groupId), 409, ErrorCodes.Conflict);
        var stranger = await server.NewUser("stranger");
        await Refused(() => stranger.DeleteChat(conversationId), 403, ErrorCodes.Forbidden);
        await Refused(() => bob.DeleteChat(Guid.NewGuid()), 404, ErrorCodes.NotFound);
    }
}
