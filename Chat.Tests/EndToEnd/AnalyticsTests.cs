using System.Collections.Concurrent;
using System.Net.Http.Json;
using Chat.Client;
using Chat.Contracts.Integration;
using Chat.ReadApi.Analytics;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>A full server on a schema of its own, so the event stream holds this test's events only.</summary>
public sealed class AnalyticsChatServer : ChatServer
{
    protected override string Schema { get; } = TestDatabase.PrivateSchema("analytics");
}

public class AnalyticsTests(AnalyticsChatServer server) : IClassFixture<AnalyticsChatServer>
{
    [Fact]
    public async Task Every_event_of_a_session_reaches_the_stream_and_the_activity_read_model()
    {
        var seen = new ConcurrentDictionary<Guid, ChatEventV1>();
        var bus = server.Services.GetRequiredService<IBus>();
        var collector = bus.ConnectReceiveEndpoint("test-collector", e => e.Handler<ChatEventV1>(c =>
        {
            seen.TryAdd(c.Message.EventId, c.Message); // at least once: de-duplicate by event id
            return Task.CompletedTask;
        }));
        await collector.Ready;

        var (alice, bob, conversationId) = await server.NewConversation();
        for (var i = 0; i < 7; i++) await alice.Send(conversationId, $"a{i}", $"from alice {i}");
        for (var i = 0; i < 5; i++) await bob.Send(conversationId, $"b{i}", $"from bob {i}");
        await bob.Receipt(conversationId, "read", 12);
        await bob.RegisterPushToken("fcm", "bobs-device-token");

        // 2 registrations, 1 conversation opened, 12 messages, 1 read receipt, 1 push token; the session also has events
        // of other types (device links among them), which may arrive first, so the wait counts these five types only.
        string[] expected = ["user_registered", "direct_conversation_opened", "message_sent", "messages_read", "push_token_registered"];
        await Eventually.Get(() => seen.Values.ToList(), s => s.Count(e => expected.Contains(e.Type)) >= 17, TimeSpan.FromSeconds(60));
        var types = seen.Values.OrderBy(e => e.Sequence).Select(e => e.Type).ToList();
        types.Count(t => t == "user_registered").Should().Be(2);
        types.Count(t => t == "direct_conversation_opened").Should().Be(1);
        types.Count(t => t == "message_sent").Should().Be(12);
        types.Count(t => t == "messages_read").Should().Be(1);
        seen.Values.Where(e => e.Type == "user_registered").Should().OnlyContain(e => !e.Data.ToString().Contains("passwordHash"));
        seen.Values.Single(e => e.Type == "push_token_registered").Data.ToString().Should().Contain("fcm").And.NotContain("bobs-device-token");

        var op = await server.Operator();
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", op.AccessToken);
        var activity = await Eventually.Get(async () => await http.GetFromJsonAsync<List<ActivityView>>("/api/operator/activity", ChatApi.Json) ?? [],
            a => a.Sum(m => m.MessagesSent) == 12, TimeSpan.FromSeconds(60));
        activity.Sum(m => m.MessagesSent).Should().Be(12);
        activity.Should().OnlyContain(m => m.ActiveUsers >= 1 && m.ActiveUsers <= 2);
    }
}
