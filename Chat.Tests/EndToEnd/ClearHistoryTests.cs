using Chat.Domain;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Clearing a chat (docs/adr/0027-clearing-a-chat.md): the user's own copy of the history, on every device.</summary>
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
}
