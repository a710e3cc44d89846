using Chat.Client;
using Chat.Contracts;
using Chat.Domain.Conversations;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.Http.Connections;

namespace Chat.Tests.EndToEnd;

public class ChatOverHubTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public Task A_thousand_messages_arrive_complete_in_order_once_with_receipts() =>
        Converse(HttpTransportType.WebSockets, HubProtocol.Json, 1_000);

    [Fact]
    public Task The_conversation_works_forced_onto_long_polling() =>
        Converse(HttpTransportType.LongPolling, HubProtocol.Json, 100);

    [Fact]
    public Task The_conversation_works_over_server_sent_events() =>
        Converse(HttpTransportType.ServerSentEvents, HubProtocol.Json, 50);

    [Fact]
    public Task The_conversation_works_with_the_messagepack_protocol() =>
        Converse(HttpTransportType.WebSockets, HubProtocol.MessagePack, 100);

    [Fact]
    public async Task Pipelined_sends_from_one_connection_keep_their_order()
    {
        await using var pair = await ConnectedPair.Open(server);

        // Issued back to back without awaiting: the server runs several invocations of a connection at once.
        var sends = Enumerable.Range(0, 300).Select(i => pair.AliceHub.Send(pair.ConversationId, $"p-{i}", $"pipelined {i}")).ToList();
        var results = await Task.WhenAll(sends);

        results.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 300).Select(i => (long)i), "sequences follow the order of sending");
        (await pair.BobInbox.WaitForMessages(300)).Select(m => m.ClientMessageId).Should().Equal(Enumerable.Range(0, 300).Select(i => $"p-{i}"));
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task The_longest_body_in_any_script_goes_through_the_hub_both_ways(HubProtocol protocol)
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice, HttpTransportType.WebSockets, protocol);
        await using var bobHub = server.Connect(bob, HttpTransportType.WebSockets, protocol);
        var bobInbox = new Inbox(bobHub);
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());
        // Non-ASCII: the JSON protocol writes each character as a six-byte escape, about 400 KB for the whole body.
        var body = new string('é', Conversation.MaxBodyLength);
        var clientMessageId = new string('i', Conversation.MaxClientMessageIdLength);

        (await aliceHub.Send(conversationId, clientMessageId, body)).Sequence.Should().Be(1);
        (await aliceHub.Send(conversationId, "after", "the connection is still open")).Sequence.Should().Be(2);

        var received = await bobInbox.WaitForMessages(2);
        received[0].Body.Should().Be(body);
        received[1].ClientMessageId.Should().Be("after");
    }

    private async Task Converse(HttpTransportType transport, HubProtocol protocol, int count)
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice, transport, protocol);
        await using var bobHub = server.Connect(bob, transport, protocol);
        var aliceInbox = new Inbox(aliceHub);
        var bobInbox = new Inbox(bobHub);
        await aliceHub.Start();
        await bobHub.Start();

        var sent = new List<SendMessageResult>();
        for (var i = 0; i < count; i++)
            sent.Add(await aliceHub.Send(conversationId, $"m-{i}", $"message {i}"));

        sent.Select(s => s.Sequence).Should().Equal(Enumerable.Range(1, count).Select(i => (long)i), "each send is acknowledged with the next sequence");
        var received = await bobInbox.WaitForMessages(count);
        received.Should().HaveCount(count, "nothing is delivered twice");
        received.Select(m => m.Sequence).Should().Equal(sent.Select(s => s.Sequence), "messages arrive in order");
        received.Select(m => m.Body).Should().Equal(Enumerable.Range(0, count).Select(i => $"message {i}"));
        received.Should().OnlyContain(m => m.SenderId == alice.UserId && m.ConversationId == conversationId);
        received.Select(m => m.MessageId).Should().Equal(sent.Select(s => s.MessageId));

        var unreadBeforeRead = await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == count);
        unreadBeforeRead.Single().UnreadCount.Should().Be(count);

        await bobHub.AckDelivered(conversationId, count);
        (await aliceInbox.WaitForReceipt(ReceiptKind.Delivered, count)).Should().Contain(r =>
            r.Kind == ReceiptKind.Delivered && r.UpToSequence == count && r.UserId == bob.UserId && r.ConversationId == conversationId);
        (await alice.Messages(conversationId, limit: 1)).Messages.Single().Status.Should().Be(MessageStatus.Delivered);

        await bobHub.MarkRead(conversationId, count);
        (await aliceInbox.WaitForReceipt(ReceiptKind.Read, count)).Should().Contain(r =>
            r.Kind == ReceiptKind.Read && r.UpToSequence == count && r.UserId == bob.UserId);

        var history = await bob.AllMessages(conversationId);
        history.Select(m => m.Sequence).Should().Equal(sent.Select(s => s.Sequence));
        history.Select(m => m.ClientMessageId).Should().Equal(Enumerable.Range(0, count).Select(i => $"m-{i}"));
        history.Should().OnlyContain(m => m.Status == MessageStatus.Read);

        var bobList = await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 0);
        bobList.Single().UnreadCount.Should().Be(0);
        bobList.Single().LastSequence.Should().Be(count);
        bobList.Single().LastMessage!.Body.Should().Be($"message {count - 1}");
        (await alice.Conversations()).Single().UnreadCount.Should().Be(0, "a sender's own messages are never unread");
        aliceInbox.Messages.Should().BeEmpty("a sender is not pushed its own messages");
    }
}
