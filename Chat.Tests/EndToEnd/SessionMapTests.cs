using System.Net.Http.Json;
using Chat.Client;
using Chat.Projections.Sessions;
using Chat.ReadApi.Operator;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

public class SessionMapTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Operators_see_who_is_connected_to_which_node_and_silent_nodes_expire()
    {
        var (alice, bob, _) = await server.NewConversation();
        var op = await server.Operator();
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());

        // Another node: one that heartbeats, one that went silent a minute ago.
        var store = server.Services.GetRequiredService<IDocumentStore>();
        var (liveUser, deadUser) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var session = store.LightweightSession())
        {
            session.Store(new NodeHeartbeat("live-node", DateTimeOffset.UtcNow), new NodeHeartbeat("dead-node", DateTimeOffset.UtcNow.AddMinutes(-1)));
            session.Store(new SessionEntry($"c-live-{liveUser:N}", liveUser, "phone", "live-node", DateTimeOffset.UtcNow),
                new SessionEntry($"c-dead-{deadUser:N}", deadUser, "phone", "dead-node", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", op.AccessToken);
        var map = await Eventually.Get(async () => await http.GetFromJsonAsync<List<UserSessions>>("/api/operator/sessions", ChatApi.Json) ?? [],
            m => m.Any(u => u.UserId == alice.UserId) && m.Any(u => u.UserId == bob.UserId), TimeSpan.FromSeconds(20));

        var aliceDevice = map.Single(u => u.UserId == alice.UserId).Devices.Should().ContainSingle().Which;
        aliceDevice.DeviceId.Should().Be("default");
        aliceDevice.Connections.Should().ContainSingle().Which.NodeId.Should().NotBe("live-node");
        map.Single(u => u.UserId == liveUser).Devices.Single().Should().BeEquivalentTo(
            new DeviceSessions("phone", [new SessionView("live-node", $"c-live-{liveUser:N}", default)]), o => o.Excluding(d => d.Connections[0].ConnectedAt));
        map.Should().NotContain(u => u.UserId == deadUser, "a node that stopped heartbeating expires");

        using var notOperator = new HttpClient { BaseAddress = server.Address };
        notOperator.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);
        ((int)(await notOperator.GetAsync("/api/operator/sessions")).StatusCode).Should().Be(403);
    }
}
