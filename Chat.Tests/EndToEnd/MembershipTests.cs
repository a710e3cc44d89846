using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

public class MembershipTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_third_user_is_forbidden_history_send_and_receipts()
    {
        var alice = await server.NewUser("alice");
        var bob = await server.NewUser("bob");
        var mallory = await server.NewUser("mallory");
        var conversationId = await alice.OpenDirect(bob.UserId);
        await alice.Send(conversationId, "c1", "private");

        await ExpectForbidden(() => mallory.Messages(conversationId));
        await ExpectForbidden(() => mallory.Send(conversationId, "m1", "let me in"));
        await ExpectForbidden(() => mallory.Receipt(conversationId, ReceiptKind.Read, 1));

        await using var hub = server.Connect(mallory);
        var inbox = new Inbox(hub);
        await hub.Start();
        (await FluentActions.Awaiting(() => hub.Send(conversationId, "m2", "hub")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("forbidden:");
        (await FluentActions.Awaiting(() => hub.MarkRead(conversationId, 1)).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("forbidden:");

        await alice.Send(conversationId, "c2", "still private");
        await Task.Delay(300);
        inbox.Messages.Should().BeEmpty("a non-member is never pushed a conversation's messages");
        (await alice.AllMessages(conversationId)).Should().HaveCount(2);
    }

    [Fact]
    public async Task The_conversation_list_holds_the_callers_conversations_only_most_recent_first()
    {
        var (alice, bob, carol, dave) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"), await server.NewUser("dave"));
        var withBob = await alice.OpenDirect(bob.UserId);
        var group = await carol.CreateGroup("Weekend", alice.UserId, dave.UserId);
        var withCarol = await alice.OpenDirect(carol.UserId);
        var notHers = await bob.OpenDirect(dave.UserId);
        await bob.Send(withBob, "b1", "first");
        await carol.Send(group, "g1", "second");
        await bob.Send(notHers, "n1", "not for alice");
        await carol.Send(withCarol, "c1", "third");

        var list = await Eventually.Get(() => alice.Conversations(), l => l.Count == 3 && l.All(c => c.LastMessage is not null));
        list.Select(c => c.ConversationId).Should().Equal([withCarol, group, withBob], "the most recent activity comes first");
        list.Select(c => c.LastMessage!.Body).Should().Equal("third", "second", "first");
        list.Should().OnlyContain(c => c.UnreadCount == 1 && c.MemberIds.Contains(alice.UserId));

        await carol.RemoveMember(group, alice.UserId);
        (await alice.Conversations()).Select(c => c.ConversationId).Should().Equal([withCarol, withBob],
            "a member removed from a group no longer lists it, at once");
        (await Eventually.Get(() => dave.Conversations(), l => l.Count == 2)).Select(c => c.ConversationId)
            .Should().BeEquivalentTo([group, notHers]);
    }

    [Fact]
    public async Task Opening_a_direct_conversation_gives_the_same_id_from_both_sides_and_again_is_a_no_op()
    {
        var alice = await server.NewUser("alice");
        var bob = await server.NewUser("bob");
        var fromAlice = await alice.OpenDirect(bob.UserId);
        var fromBob = await bob.OpenDirect(alice.UserId);
        var again = await alice.OpenDirect(bob.UserId);

        fromBob.Should().Be(fromAlice);
        again.Should().Be(fromAlice);
        await alice.Send(fromAlice, "c1", "hi");
        await alice.OpenDirect(bob.UserId);
        (await bob.AllMessages(fromAlice)).Should().ContainSingle("reopening does not reset the conversation");
    }

    [Fact]
    public async Task Opening_with_an_unknown_user_is_404_and_with_oneself_400()
    {
        var alice = await server.NewUser("alice");
        (await FluentActions.Awaiting(() => alice.OpenDirect(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);
        (await FluentActions.Awaiting(() => alice.OpenDirect(alice.UserId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(400);
    }

    private static async Task ExpectForbidden(Func<Task> call)
    {
        var error = await FluentActions.Awaiting(call).Should().ThrowAsync<ChatApiException>();
        error.Which.Status.Should().Be(403);
        error.Which.Code.Should().Be("forbidden");
    }
}
