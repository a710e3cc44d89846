using System.Collections.Concurrent;
using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

/// <summary>Blocking the other member of a direct conversation (docs/adr/0017-blocking.md).</summary>
public class BlockTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Neither_side_writes_while_blocked_both_are_told_why_history_stays_and_unblocking_opens_it_again()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var early = await alice.Send(conversationId, "m1", "hi bob");
        var bobPhone = await server.OnDevice(bob, "phone");
        await using var aliceHub = server.Connect(alice);
        await using var bobPhoneHub = server.Connect(bobPhone);
        var (aliceInbox, bobPhoneInbox) = (new Inbox(aliceHub), new Inbox(bobPhoneHub));
        await Task.WhenAll(aliceHub.Start(), bobPhoneHub.Start());

        await bob.Block(conversationId);
        await bob.Block(conversationId); // again: nothing more

        (await Eventually.Get(() => bobPhoneInbox.Updates, u => u.Count > 0)).Should().ContainSingle()
            .Which.Should().Match<ConversationUpdated>(u => u.ConversationId == conversationId && u.Blocked == true);
        var refused = (await FluentActions.Awaiting(() => alice.Send(conversationId, "m2", "hello?")).Should().ThrowAsync<ChatApiException>()).Which;
        (refused.Status, refused.Code).Should().Be((403, "blocked"));
        (await FluentActions.Awaiting(() => aliceHub.Send(conversationId, "m3", "hello??")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("blocked:");
        (await FluentActions.Awaiting(() => aliceHub.SetTyping(conversationId, true)).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("blocked:");
        (await FluentActions.Awaiting(() => alice.React(conversationId, early.MessageId, "👍")).Should().ThrowAsync<ChatApiException>())
            .Which.Code.Should().Be("blocked");
        var ownRefusal = (await FluentActions.Awaiting(() => bob.Send(conversationId, "b1", "bye")).Should().ThrowAsync<ChatApiException>()).Which;
        (ownRefusal.Status, ownRefusal.Code, ownRefusal.Message).Should().Match<(int, string?, string)>(r => r.Item1 == 403 && r.Item2 == "blocked" && r.Item3.Contains("unblock"));

        (await bob.Conversation(conversationId)).Blocked.Should().BeTrue();
        (await alice.Conversation(conversationId)).Blocked.Should().BeFalse("only the member who blocked is shown the block");
        (await alice.Delete(conversationId, early.MessageId)).DeletedAt.Should().NotBeNull("taking back one's own message is still allowed");
        (await bob.Messages(conversationId)).Messages.Select(m => (m.Sequence, m.DeletedAt is not null)).Should().Equal((1L, true));
        await alice.Receipt(conversationId, "read", 2);

        await bob.Unblock(conversationId);
        await bob.Unblock(conversationId);
        var after = await alice.Send(conversationId, "m4", "friends again?");
        after.Sequence.Should().Be(3, "nothing refused took a sequence");
        // The phone got the first message from the relay when it connected.
        (await Eventually.Get(() => bobPhoneInbox.Messages, m => m.Count > 1)).Select(m => m.Body).Should().Equal("hi bob", "friends again?");
        (await Eventually.Get(() => bobPhoneInbox.Updates, u => u.Count > 1))[1].Blocked.Should().BeFalse();
        (await bob.Conversation(conversationId)).Blocked.Should().BeFalse();
        aliceInbox.Updates.Should().BeEmpty("the blocked member's devices are not told of the block");
    }

    [Fact]
    public async Task Two_users_of_whom_one_blocked_the_other_see_nothing_of_each_others_presence()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        await carol.OpenDirect(bob.UserId);
        await bob.Block(conversationId);
        await using var aliceHub = server.Connect(alice);
        await using var carolHub = server.Connect(carol);
        var (aliceSees, carolSees) = (new ConcurrentQueue<PresenceChanged>(), new ConcurrentQueue<PresenceChanged>());
        aliceHub.PresenceChanged += aliceSees.Enqueue;
        carolHub.PresenceChanged += carolSees.Enqueue;
        await Task.WhenAll(aliceHub.Start(), carolHub.Start());

        await using var bobHub = server.Connect(bob);
        await bobHub.Start();
        await Eventually.Get(() => carolSees.ToArray(), p => p.Any(x => x.UserId == bob.UserId && x.Online == true));
        (await carol.Presence(bob.UserId)).Online.Should().BeTrue();
        (await alice.Presence(bob.UserId)).Should().Match<PresenceView>(p => p.Online == null && p.LastSeenAt == null);
        (await bob.Presence(alice.UserId)).Should().Match<PresenceView>(p => p.Online == null && p.LastSeenAt == null, "a block hides both ways");
        aliceSees.Should().NotContain(p => p.UserId == bob.UserId, "bob's coming online went to his contacts at once, and alice is not one now");

        await bob.Unblock(conversationId);
        (await alice.Presence(bob.UserId)).Online.Should().BeTrue();
    }

    [Fact]
    public async Task Only_a_member_blocks_and_only_in_a_direct_conversation_while_a_shared_group_goes_on()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var stranger = await server.NewUser("stranger");
        var group = await alice.CreateGroup("book club", bob.UserId);

        (await FluentActions.Awaiting(() => stranger.Block(conversationId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(403);
        (await FluentActions.Awaiting(() => alice.Block(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);
        var notDirect = (await FluentActions.Awaiting(() => alice.Block(group)).Should().ThrowAsync<ChatApiException>()).Which;
        (notDirect.Status, notDirect.Code, notDirect.Body.Contains("conversationId")).Should().Be((400, "validation_failed", true));

        await bob.Block(conversationId);
        (await alice.Send(group, "g1", "see you thursday")).Sequence.Should().Be(1, "a block is between two people in their direct conversation, not in the groups they share");
    }

    [Fact]
    public async Task The_blocked_list_names_whom_the_caller_blocks_and_where_to_unblock_them()
    {
        var (alice, bob, withBob) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var withCarol = await alice.OpenDirect(carol.UserId);
        await alice.CreateGroup("shared", bob.UserId, carol.UserId);
        await alice.Block(withBob);
        await alice.Block(withCarol);
        await carol.Block(withCarol); // both block each other there

        (await alice.Blocked()).Should().BeEquivalentTo([new BlockedUser(bob.UserId, withBob), new BlockedUser(carol.UserId, withCarol)]);
        (await carol.Blocked()).Should().Equal(new BlockedUser(alice.UserId, withCarol));
        (await bob.Blocked()).Should().BeEmpty("being blocked is not blocking");

        await alice.Unblock(withBob);
        (await alice.Blocked()).Should().Equal(new BlockedUser(carol.UserId, withCarol));
    }
}
