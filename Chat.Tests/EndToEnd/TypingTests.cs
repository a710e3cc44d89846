using System.Collections.Concurrent;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using Chat.WriteApi.Typing;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

public class TypingTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Typing_reaches_the_other_members_and_expires_by_itself()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        await using var carolHub = server.Connect(carol);
        var bobSees = new ConcurrentQueue<TypingChanged>();
        var aliceSees = new ConcurrentQueue<TypingChanged>();
        var carolSees = new ConcurrentQueue<TypingChanged>();
        bobHub.TypingChanged += bobSees.Enqueue;
        aliceHub.TypingChanged += aliceSees.Enqueue;
        carolHub.TypingChanged += carolSees.Enqueue;
        await Task.WhenAll(aliceHub.Start(), bobHub.Start(), carolHub.Start());

        await aliceHub.SetTyping(conversationId, true);
        await Eventually.Get(() => bobSees.ToArray(), t => t.Length >= 1);
        bobSees.Should().ContainSingle().Which.Should().Be(new TypingChanged(conversationId, alice.UserId, true));

        var started = DateTime.UtcNow;
        var stopped = await Eventually.Get(() => bobSees.ToArray(), t => t.Length >= 2, TimeSpan.FromSeconds(15));
        stopped.Last().Should().Be(new TypingChanged(conversationId, alice.UserId, false), "typing turns off without renewal");
        (DateTime.UtcNow - started).Should().BeGreaterThan(TypingIndicators.Expiry - TimeSpan.FromSeconds(1));

        aliceSees.Should().BeEmpty("the typist is not told about itself");
        carolSees.Should().BeEmpty("a stranger sees nothing");
        (await FluentActions.Awaiting(() => carolHub.SetTyping(conversationId, true)).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("forbidden:");
    }

    [Fact]
    public async Task A_flood_of_typing_calls_is_throttled()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        var bobSees = new ConcurrentQueue<TypingChanged>();
        bobHub.TypingChanged += bobSees.Enqueue;
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());

        var outcomes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            try { await aliceHub.SetTyping(conversationId, true); outcomes.Add("ok"); }
            catch (HubException e) when (e.Message.Contains("rate_limited:")) { outcomes.Add("rate_limited"); }
        }

        outcomes.Count(o => o == "rate_limited").Should().BeGreaterThan(20, "at most a few calls a second are accepted");
        outcomes.Should().Contain("ok");
        await Task.Delay(500);
        bobSees.Count(t => t.Typing).Should().Be(1, "renewals inside the repush window only extend the expiry");
    }
}
