using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chat.Client;
using Chat.Contracts;
using Chat.Domain.Conversations;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

public class ErrorTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Bad_input_gets_a_problem_response_with_a_code_and_the_server_keeps_serving()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        using var http = As(alice);
        var messages = $"/api/conversations/{conversationId}/messages";

        var oversized = await Problem(await Post(http, messages, new { clientMessageId = "big", body = new string('x', Conversation.MaxBodyLength + 1) }));
        oversized.Status.Should().Be(400);
        oversized.Code.Should().Be("validation_failed");
        oversized.Json.GetProperty("errors").GetProperty("body").GetArrayLength().Should().Be(1);

        var empty = await Problem(await Post(http, messages, new { clientMessageId = "empty", body = "" }));
        empty.Status.Should().Be(400);
        empty.Json.GetProperty("errors").TryGetProperty("body", out _).Should().BeTrue();

        var unknown = await Problem(await Post(http, $"/api/conversations/{Guid.NewGuid()}/messages", new { clientMessageId = "u", body = "x" }));
        unknown.Status.Should().Be(404);
        unknown.Code.Should().Be("not_found");

        var malformed = await Problem(await http.PostAsync(messages, new StringContent("{\"clientMessageId\": \"m\", \"body\": ", Encoding.UTF8, "application/json")));
        malformed.Status.Should().Be(400);
        malformed.Code.Should().Be("bad_request");

        var badReceipt = await Problem(await Post(http, $"/api/conversations/{conversationId}/receipts", new { kind = "seen", upToSequence = 0 }));
        badReceipt.Status.Should().Be(400);
        badReceipt.Json.GetProperty("errors").TryGetProperty("kind", out _).Should().BeTrue();

        var badLimit = await Problem(await http.GetAsync($"{messages}?limit=201"));
        badLimit.Status.Should().Be(400);
        var unreadableLimit = await Problem(await http.GetAsync($"{messages}?limit=many"));
        unreadableLimit.Status.Should().Be(400);
        unreadableLimit.Code.Should().Be("bad_request");

        // Past Kestrel's request size limit (30 MB) the server stops reading: a 413 with its own code, not "internal_error".
        // (Expect: 100-continue, so the client waits for the answer instead of writing into a closed connection.)
        using var huge = new HttpRequestMessage(HttpMethod.Post, messages)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { clientMessageId = "huge", body = new string('x', 31 * 1024 * 1024) }),
                Encoding.UTF8, "application/json"),
            Headers = { ExpectContinue = true },
        };
        var tooLarge = await Problem(await http.SendAsync(huge));
        tooLarge.Status.Should().Be(413);
        tooLarge.Code.Should().Be("payload_too_large");

        (await alice.Send(conversationId, "fine", new string('x', Conversation.MaxBodyLength))).Sequence.Should().Be(1,
            "the largest allowed body is accepted and nothing before it was stored");
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_refused_by_field_and_fails_no_one_else_s_send()
    {
        // PostgreSQL cannot store U+0000 in text or jsonb: reaching the store, it failed the commit (a 500, or a 503 for a
        // send) and every other command sharing that group commit had to be committed again one by one.
        var (alice, bob, conversationId) = await server.NewConversation();
        using var http = As(alice);
        var messages = $"/api/conversations/{conversationId}/messages";

        async Task ShouldName(Task<HttpResponseMessage> request, string field)
        {
            var problem = await Problem(await request);
            problem.Status.Should().Be(400);
            problem.Code.Should().Be("validation_failed");
            problem.Json.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the problem names {field}");
        }

        var name = $"nul-{Guid.NewGuid():N}"[..24];
        await ShouldName(Post(http, "/api/users", new { username = name, password = "correct-horse-battery", displayName = "a\0b" }), "displayName");
        await ShouldName(Post(http, "/api/tokens", new { username = alice.Username, password = "correct-horse-battery", deviceId = "d1", deviceName = "a\0" }), "deviceName");
        await ShouldName(Post(http, "/api/groups", new { title = "t\0", memberIds = new[] { bob.UserId } }), "title");
        var bobsSend = bob.Send(conversationId, "bob-1", "from bob, alongside");
        await ShouldName(Post(http, messages, new { clientMessageId = "m1", body = "a\0b" }), "body");
        await ShouldName(Post(http, messages, new { clientMessageId = "m\0", body = "ab" }), "clientMessageId");
        (await bobsSend).Sequence.Should().Be(1);

        var signIn = await Problem(await Post(http, "/api/tokens", new { username = alice.Username + "\0", password = "correct-horse-battery" }));
        signIn.Status.Should().Be(401, "no registered username has a NUL in it");

        await using var hub = server.Connect(alice);
        await hub.Start();
        (await FluentActions.Awaiting(() => hub.Send(conversationId, "h1", "\0")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("validation_failed:");
        (await hub.Send(conversationId, "h2", "fine")).Sequence.Should().Be(2, "nothing refused was stored");
    }

    [Fact]
    public async Task A_missing_or_bad_token_is_401_with_a_problem_body()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var missing = await Problem(await http.GetAsync("/api/conversations"));
        missing.Status.Should().Be(401);
        missing.Code.Should().Be("unauthorized");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        (await Problem(await http.GetAsync("/api/conversations"))).Status.Should().Be(401);

        var alice = await server.NewUser("alice");
        var tampered = alice.AccessToken![..^4] + "AAAA";
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);
        (await Problem(await http.GetAsync("/api/conversations"))).Status.Should().Be(401);

        await using var hub = new ChatConnection(server.Address, "not-a-token");
        // Without negotiation the WebSocket upgrade itself is refused with 401.
        (await FluentActions.Awaiting(() => hub.Start()).Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task Hub_errors_carry_a_machine_readable_code()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await using var hub = server.Connect(alice);
        await hub.Start();

        (await FluentActions.Awaiting(() => hub.Send(conversationId, "e", "")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("validation_failed:");
        (await FluentActions.Awaiting(() => hub.Send(Guid.NewGuid(), "u", "x")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("not_found:");
        (await FluentActions.Awaiting(() => hub.AckDelivered(conversationId, 5)).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("validation_failed:");

        (await hub.Send(conversationId, "ok", "still serving")).Sequence.Should().Be(1);
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task Hub_invocations_whose_arguments_cannot_be_read_carry_a_code_too(HubProtocol protocol)
    {
        var (alice, _, conversationId) = await server.NewConversation();
        // A raw client: ChatConnection's typed methods cannot send arguments of the wrong shape.
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server.Address, HubNames.Path), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(alice.AccessToken);
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        if (protocol == HubProtocol.MessagePack) builder.AddMessagePackProtocol();
        await using var hub = builder.Build();
        await hub.StartAsync();

        async Task<string> Error(string method, params object?[] arguments) =>
            (await FluentActions.Awaiting(() => hub.InvokeCoreAsync<object>(method, arguments)).Should().ThrowAsync<HubException>()).Which.Message;

        (await Error(HubNames.SendMessage, "not an object")).Should().Contain("validation_failed: The arguments of SendMessage");
        (await Error(HubNames.SendMessage, 1, 2)).Should().Contain("validation_failed:");
        (await Error(HubNames.MarkRead, new { ConversationId = conversationId, UpToSequence = "three" })).Should().Contain("validation_failed:");
        (await Error("NoSuchMethod")).Should().Contain("not_found:");

        var sent = await hub.InvokeAsync<SendMessageResult>(HubNames.SendMessage, new SendMessageRequest(conversationId, "ok", "still serving"));
        sent.Sequence.Should().Be(1, "the connection stays open and nothing was stored before");
    }

    /// <summary>A raw client with the user's token: the SDK cannot send what these tests send.</summary>
    private HttpClient As(ChatApi user) => new()
    {
        BaseAddress = server.Address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken) },
    };

    private static Task<HttpResponseMessage> Post(HttpClient http, string url, object body) =>
        http.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static async Task<(int Status, string? Code, JsonElement Json)> Problem(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("status").GetInt32().Should().Be((int)response.StatusCode);
        return ((int)response.StatusCode, json.TryGetProperty("code", out var c) ? c.GetString() : null, json);
    }
}
