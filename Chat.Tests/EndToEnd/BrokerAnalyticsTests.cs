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
        var analyst = Analyst($"analyst-{Guid.NewGuid():N}", seen, durable: false);
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

    [Fact]
    public async Task The_stream_misses_nothing_across_a_broker_restart_and_resumes_by_itself()
    {
        // A durable queue, as an analyst would bind: what the server publishes while the analyst's own connection is
        // down waits there. The server's pages that fail to publish while the broker is away must be published later.
        var seen = new ConcurrentDictionary<Guid, ChatEventV1>();
        var queue = $"analyst-restart-{Guid.NewGuid():N}";
        var analyst = Analyst(queue, seen, durable: true);
        await analyst.StartAsync();
        try
        {
            await using var node = await ServerProcess.Start(Directory.CreateTempSubdirectory("chat-analytics-").FullName,
                TestDatabase.PrivateSchema("brokerup"), new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = TestDatabase.RabbitMq });
            var alice = await node.NewUser("alice");
            var bob = await node.NewUser("bob");
            var conversationId = await alice.OpenDirect(bob.UserId);
            IEnumerable<long> Sent() => seen.Values.Where(e => e.StreamId == conversationId && e.Type == "message_sent").Select(e => e.Sequence);

            for (var i = 0; i < 20; i++) await alice.Send(conversationId, $"before-{i}", $"before {i}");
            await Eventually.Get(() => Sent().Count(), c => c >= 20, TimeSpan.FromSeconds(60));
            var restart = Broker.Restart();
            var during = 0;
            while (!restart.IsCompleted) // sends never wait on the broker: they go on through the whole outage
            {
                await alice.Send(conversationId, $"during-{during}", $"during {during}");
                during++;
                await Task.Delay(100);
            }
            await restart;
            for (var i = 0; i < 20; i++) await alice.Send(conversationId, $"after-{i}", $"after {i}");

            var total = 40 + during;
            int count;
            try
            {
                count = await Eventually.Get(() => Sent().Distinct().Count(), c => c >= total, TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException e) // what the server said about it is the clue
            {
                throw new TimeoutException($"{Sent().Distinct().Count()} of {total} arrived; the server's last output:\n{node.LogTail()}", e);
            }
            count.Should().Be(total, "every message of the session reaches the analyst once de-duplicated, none left behind by the outage");
            during.Should().BeGreaterThan(10, "the broker was away for seconds while the sends went on");
        }
        finally
        {
            await analyst.StopAsync();
            await Broker.DeleteQueue(queue);
        }
    }

    private static IBusControl Analyst(string queue, ConcurrentDictionary<Guid, ChatEventV1> seen, bool durable)
    {
        var rabbitMq = new Uri(TestDatabase.RabbitMq);
        var credentials = rabbitMq.UserInfo.Split(':');
        return MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq.Host, (ushort)rabbitMq.Port, "/", h =>
            {
                h.Username(credentials[0]);
                h.Password(credentials[1]);
            });
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.AutoDelete = !durable;
                e.Durable = durable;
                e.Handler<ChatEventV1>(c =>
                {
                    seen.TryAdd(c.Message.EventId, c.Message); // at least once: de-duplicate by event id
                    return Task.CompletedTask;
                });
            });
        });
    }
}
