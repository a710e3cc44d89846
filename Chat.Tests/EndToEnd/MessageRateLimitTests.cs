using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>A server whose message limit is small enough to reach in a test: bursts of 5, 2 more a second.</summary>
public sealed class LimitedChatServer : ChatServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Limits:MessagesPerSecond"] = "2",
        ["Chat:Limits:MessageBurst"] = "5",
    };
}

/// <summary>One user writing faster than the limit is refused; others, and receipts, are not (docs/adr/0023-message-rate-limit.md).</summary>
public class MessageRateLimitTests(LimitedChatServer server) : IClassFixture<LimitedChatServer>
{
    [Fact]
    public async Task A_user_past_the_burst_is_refused_over_http_and_the_hub_until_the_bucket_refills_and_nothing_refused_is_kept()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var aliceHub = server.Connect(alice);
        await aliceHub.Start();

        for (var i = 1; i <= 5; i++) await alice.Send(conversationId, $"a{i}", $"message {i}");
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", alice.AccessToken);
        var refused = await http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new { clientMessageId = "a6", body = "one too many" });
        ((int)refused.StatusCode).Should().Be(429);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("rate_limited");
        (await FluentActions.Awaiting(() => aliceHub.Send(conversationId, "a7", "over the hub")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("rate_limited:");
        var first = (await alice.AllMessages(conversationId))[0];
        await Refused(() => alice.Edit(conversationId, first.MessageId, "edited"), 429, "rate_limited", "an edit counts as a write");

        // Not counted: someone else's messages, and Alice's receipts.
        await bob.Send(conversationId, "b1", "Bob is not limited by Alice");
        await aliceHub.MarkRead(conversationId, 6);

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // two tokens back
        await alice.Send(conversationId, "a6", "after the wait");
        (await alice.AllMessages(conversationId)).Select(m => m.Body).Should().Equal(
            "message 1", "message 2", "message 3", "message 4", "message 5", "Bob is not limited by Alice", "after the wait");
    }
}
