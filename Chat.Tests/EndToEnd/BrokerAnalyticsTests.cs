using System.Collections.Concurrent;
using Chat.Client;
using Chat.Contracts.Integration;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using MassTransit;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// An analyst's consumer of the event stream over RabbitMQ, outside the server: a MassTransit bus of its own with a
/// queue of its own, fed by a server process on a schema of its own (so the stream holds this test's events only).
/// </summary>
[Collection(SharedBroker.Name)]
public class BrokerAnalyticsTests
{
    [Fact]
    public async Task A_consumer_on_RabbitMQ_sees_every_event_of_a_scripted_session()
    {
        var seen = new ConcurrentDictionary<Guid, ChatEventV1>();
        var rabbitMq = new Uri(TestDatabase.RabbitMq);
        var credentials = rabbitMq.UserInfo.Split(':');
        var analyst = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq.Host, (ushort)rabbitMq.Port, "/", h =>
            {
                h.Username(credentials[0]);
                h.Password(credentials[1]);
            });
            cfg.ReceiveEndpoint($"analyst-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Handler<ChatEventV1>(c =>
                {
                    seen.TryAdd(c.Message.EventId, c.Message); // at least once: de-duplicate by event id
                    return Task.CompletedTask;
                });
            });
        });
        await analyst.StartAsync();
        try
        {
            var schema = TestDatabase.PrivateSchema("broker");
            await using var node = await ServerProcess.Start(Directory.CreateTempSubdirectory("chat-analytics-").FullName, schema,
                new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = TestDatabase.RabbitMq });
            var alice = await node.NewUser("alice");
            var bob = await node.NewUser("bob");
            var conversationId = await alice.OpenDirect(bob.UserId);
            for (var i = 0; i < 6; i++) await alice.Send(conversationId, $"a{i}", $"from alice {i}");
            for (var i = 0; i < 4; i++) await bob.Send(conversationId, $"b{i}", $"from bob {i}");
            await bob.Receipt(conversationId, "read", 10);

            // 2 registrations, 2 devices linked, 1 conversation opened, 10 messages, 1 read receipt; other tests'
            // servers publish to the same broker, so only this session's streams count.
            var streams = new[] { alice.UserId, bob.UserId, conversationId };
            IEnumerable<ChatEventV1> Session() => seen.Values.Where(e => streams.Contains(e.StreamId));
            await Eventually.Get(() => Session().Count(), c => c >= 16, TimeSpan.FromSeconds(60));
            await Task.Delay(500);
            var types = Session().OrderBy(e => e.Sequence).Select(e => e.Type).ToList();
            types.Count(t => t == "user_registered").Should().Be(2, "the session's events were {0}", string.Join(", ", types));
            types.Count(t => t == "device_linked").Should().Be(2);
            types.Count(t => t == "direct_conversation_opened").Should().Be(1);
            types.Count(t => t == "message_sent").Should().Be(10);
            types.Count(t => t == "messages_read").Should().Be(1);
            Session().Where(e => e.Type == "message_sent").Should().OnlyContain(e => e.StreamId == conversationId);
        }
        finally
        {
            await analyst.StopAsync();
        }
    }
}
