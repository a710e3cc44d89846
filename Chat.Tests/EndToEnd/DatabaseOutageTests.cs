using System.Net;
using System.Net.WebSockets;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The database goes away and comes back (docs/deployment.md, "When PostgreSQL restarts"): meanwhile every request
/// answers a clear, retryable error, and afterwards the same requests succeed, each once.
/// </summary>
public class DatabaseOutageTests(ProxiedChatServer server) : IClassFixture<ProxiedChatServer>
{
    [Fact]
    public async Task While_the_database_is_down_requests_answer_unavailable_and_the_same_ones_land_once_when_it_is_back()
    {
        await using var pair = await ConnectedPair.Open(server);
        var (alice, conversationId) = (pair.Alice, pair.ConversationId);
        var aliceInbox = new Inbox(pair.AliceHub);
        (await pair.Bob.Send(conversationId, "b0", "before")).Sequence.Should().Be(1);
        (await alice.Send(conversationId, "o0", "before")).Sequence.Should().Be(2);
        // Each connection has been pushed a message, so its catch-up from the store on connecting is over: no delivery
        // is reading the store when it goes away (one that is closes its connection, to reconnect and catch up).
        await Task.WhenAll(aliceInbox.WaitForMessages(1), pair.BobInbox.WaitForMessages(1));
        using var http = new HttpClient { BaseAddress = server.Address };

        server.Proxy.Refuse();
        try
        {
            var overHttp = await FluentActions.Awaiting(() => alice.Send(conversationId, "o1", "while down")).Should().ThrowAsync<ChatApiException>();
            overHttp.Which.Status.Should().Be(503);
            overHttp.Which.Code.Should().Be("unavailable");
            var overHub = await FluentActions.Awaiting(() => pair.AliceHub.Send(conversationId, "o2", "while down")).Should().ThrowAsync<HubException>();
            overHub.Which.Message.Should().Contain("unavailable");
            (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await using var newcomer = server.Connect(pair.Bob);
            // The client goes straight to the WebSocket (no negotiation): its upgrade request is answered 503, not 401.
            var connecting = await FluentActions.Awaiting(() => newcomer.Start()).Should().ThrowAsync<WebSocketException>();
            connecting.Which.Message.Should().Contain("'503'", "the token's device could not be checked, which is no reason to sign out");
            await Task.Delay(TimeSpan.FromSeconds(3)); // the async daemon's polls (every 250 ms) fail meanwhile too
        }
        finally
        {
            server.Proxy.Resume();
        }

        (await alice.Send(conversationId, "o1", "while down")).Sequence.Should().Be(3);
        (await pair.AliceHub.Send(conversationId, "o2", "while down")).Sequence.Should().Be(4);
        (await pair.BobInbox.WaitForMessages(3)).Select(m => m.ClientMessageId).Should().Equal("o0", "o1", "o2");
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        // The conversation list comes from the async daemon: it resumes by itself and catches up.
        var listed = await Eventually.Get(() => pair.Bob.Conversations(), c => c.Count == 1 && c[0].LastSequence == 4, TimeSpan.FromSeconds(30));
        listed.Single().UnreadCount.Should().Be(3, "Alice's three messages, none read");
    }
}
