using System.Net;
using System.Net.Http.Json;
using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

public class IdempotencyTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_retry_returns_the_first_result_with_200_and_appends_nothing()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);

        var first = await http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new PostMessageRequest("same", "hello"));
        var retry = await http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new PostMessageRequest("same", "hello"));

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        var a = await first.Content.ReadFromJsonAsync<SendMessageResult>(ChatApi.Json);
        var b = await retry.Content.ReadFromJsonAsync<SendMessageResult>(ChatApi.Json);
        b.Should().Be(a);
        (await alice.AllMessages(conversationId)).Should().ContainSingle();
    }

    [Fact]
    public async Task Concurrent_sends_of_one_client_message_id_over_http_and_the_hub_give_one_message()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var hub = server.Connect(alice);
        await hub.Start();
        await alice.Send(conversationId, "before", "first message");

        var sends = Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? hub.Send(conversationId, "concurrent", "hello")
            : alice.Send(conversationId, "concurrent", "hello")).ToList();
        var results = await Task.WhenAll(sends);

        results.Select(r => r.MessageId).Distinct().Should().ContainSingle();
        results.Select(r => r.Sequence).Distinct().Should().Equal(2L);
        var history = await alice.AllMessages(conversationId);
        history.Should().HaveCount(2);
        history.Where(m => m.ClientMessageId == "concurrent").Should().ContainSingle();
    }

    [Fact]
    public async Task Reusing_a_client_message_id_in_another_conversation_is_a_conflict()
    {
        var alice = await server.NewUser("alice");
        var bob = await server.NewUser("bob");
        var carol = await server.NewUser("carol");
        var withBob = await alice.OpenDirect(bob.UserId);
        var withCarol = await alice.OpenDirect(carol.UserId);
        await alice.Send(withBob, "reused", "to bob");

        var error = await FluentActions.Awaiting(() => alice.Send(withCarol, "reused", "to carol")).Should().ThrowAsync<ChatApiException>();
        error.Which.Status.Should().Be(409);
        error.Which.Code.Should().Be("conflict");
        (await alice.AllMessages(withCarol)).Should().BeEmpty();
    }
}
