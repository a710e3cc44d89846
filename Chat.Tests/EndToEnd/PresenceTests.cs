using System.Collections.Concurrent;
using Chat.Contracts;
using Chat.Domain.Users;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>A server with a one-second presence grace period, so offline transitions happen within a test.</summary>
public sealed class ShortGraceChatServer : ChatServer
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Presence:GraceSeconds"] = Grace.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<int> PresenceEventCount(Guid userId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(userId);
        return events.Count(e => e.Data is UserCameOnline or UserWentOffline);
    }
}

public class PresenceTests(ShortGraceChatServer server) : IClassFixture<ShortGraceChatServer>
{
    [Fact]
    public async Task A_contact_sees_online_then_offline_after_the_grace_period_and_a_stranger_sees_nothing()
    {
        var (alice, bob, _) = await server.NewConversation();
        var stranger = await server.NewUser("stranger");
        await using var bobHub = server.Connect(bob);
        await using var strangerHub = server.Connect(stranger);
        var bobSees = new ConcurrentQueue<PresenceChanged>();
        var strangerSees = new ConcurrentQueue<PresenceChanged>();
        bobHub.PresenceChanged += bobSees.Enqueue;
        strangerHub.PresenceChanged += strangerSees.Enqueue;
        await Task.WhenAll(bobHub.Start(), strangerHub.Start());
        await alice.SetPrivacy("contacts");

        var aliceHub = server.Connect(alice);
        await aliceHub.Start();
        await Eventually.Get(() => bobSees.ToArray(), p => p.Any(x => x.UserId == alice.UserId && x.Online == true));
        (await bob.Presence(alice.UserId)).Online.Should().BeTrue();

        var leftAt = DateTimeOffset.UtcNow;
        await aliceHub.DisposeAsync();
        var offline = await Eventually.Get(() => bobSees.ToArray(), p => p.Any(x => x.UserId == alice.UserId && x.Online == false));
        var wentOffline = offline.Last(x => x.UserId == alice.UserId);
        wentOffline.Online.Should().BeFalse();
        wentOffline.LastSeenAt.Should().BeCloseTo(leftAt, TimeSpan.FromSeconds(1), "last seen is when the last device left, not when the grace ran out");

        var seenByBob = await bob.Presence(alice.UserId);
        (seenByBob.Online, seenByBob.LastSeenAt).Should().Be((false, wentOffline.LastSeenAt));
        var seenByStranger = await stranger.Presence(alice.UserId);
        (seenByStranger.Online, seenByStranger.LastSeenAt).Should().Be(((bool?)null, (DateTimeOffset?)null));
        strangerSees.Should().BeEmpty();

        await alice.SetPrivacy("nobody");
        var hidden = await bob.Presence(alice.UserId);
        (hidden.Online, hidden.LastSeenAt).Should().Be(((bool?)null, (DateTimeOffset?)null), "with \"nobody\" even contacts see nothing");
        (await alice.Presence(alice.UserId)).LastSeenAt.Should().Be(wentOffline.LastSeenAt, "a user always sees their own");
    }

    [Fact]
    public async Task Reconnects_inside_the_grace_period_cause_no_offline_transition()
    {
        var (alice, _, _) = await server.NewConversation();
        for (var i = 0; i < 5; i++)
        {
            await using var hub = server.Connect(alice);
            await hub.Start();
            await Task.Delay(100);
        }
        await using (var last = server.Connect(alice))
        {
            await last.Start();
            await Task.Delay(ShortGraceChatServer.Grace * 2);
            (await server.PresenceEventCount(alice.UserId)).Should().Be(1, "one UserCameOnline and no flapping");
        }
    }

    [Fact]
    public async Task Heartbeats_that_change_nothing_write_nothing()
    {
        var (alice, _, _) = await server.NewConversation();
        await using var phone = server.Connect(alice);
        await using var laptop = server.Connect(alice);
        await Task.WhenAll(phone.Start(), laptop.Start());
        await Eventually.Get(() => server.PresenceEventCount(alice.UserId), n => n == 1);

        for (var i = 0; i < 50; i++) await phone.Heartbeat(active: true);
        for (var i = 0; i < 20; i++) await laptop.Heartbeat(active: false); // the phone is still active: still online
        await Task.Delay(ShortGraceChatServer.Grace * 2);
        (await server.PresenceEventCount(alice.UserId)).Should().Be(1, "heartbeats without a state change are not stored");

        await phone.Heartbeat(active: false); // now no device is active: offline after the grace period
        await Eventually.Get(() => server.PresenceEventCount(alice.UserId), n => n == 2);
        (await alice.Presence(alice.UserId)).Online.Should().BeFalse();
    }
}
