using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

public class OfflineRelayTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task An_offline_user_gets_exactly_what_was_sent_meanwhile_in_order_and_unread_clears_on_read()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await aliceHub.Start();

        for (var i = 0; i < 200; i++) await aliceHub.Send(conversationId, $"offline-{i}", $"while you were away {i}");

        var list = await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 200);
        list.Single().UnreadCount.Should().Be(200);

        await using var bobHub = server.Connect(bob);
        var inbox = new Inbox(bobHub);
        await bobHub.Start();
        var received = await inbox.WaitForMessages(200);
        await Task.Delay(500); // anything extra (a duplicate) would arrive now
        inbox.Messages.Should().HaveCount(200);
        received.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        received.Select(m => m.ClientMessageId).Should().Equal(Enumerable.Range(0, 200).Select(i => $"offline-{i}"));

        await bobHub.MarkRead(conversationId, 200);
        (await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 0)).Single().UnreadCount.Should().Be(0);
    }

    [Fact]
    public async Task A_reconnecting_user_gets_only_what_is_past_the_acknowledged_watermark()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        for (var i = 1; i <= 5; i++) await alice.Send(conversationId, $"c{i}", $"m{i}");

        await using (var first = server.Connect(bob))
        {
            var inbox = new Inbox(first);
            await first.Start();
            (await inbox.WaitForMessages(5)).Should().HaveCount(5);
            await first.AckDelivered(conversationId, 3);
        }

        for (var i = 6; i <= 7; i++) await alice.Send(conversationId, $"c{i}", $"m{i}");
        await using var second = server.Connect(bob);
        var again = new Inbox(second);
        await second.Start();
        await again.WaitForMessages(4);
        await Task.Delay(300);
        again.Messages.Select(m => m.Sequence).Should().Equal(4, 5, 6, 7);
    }

    [Fact]
    public async Task Messages_sent_while_a_client_connects_arrive_once_and_in_order()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await aliceHub.Start();

        // Alice keeps sending while Bob's connection starts: relay and live pushes overlap.
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++) await aliceHub.Send(conversationId, $"race-{i}", "x");
        });
        await Task.Delay(100);
        await using var bobHub = server.Connect(bob);
        var inbox = new Inbox(bobHub);
        await bobHub.Start();
        await sending;

        await inbox.WaitForMessages(300);
        await Task.Delay(300);
        inbox.Messages.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, 300).Select(i => (long)i));
    }
}
