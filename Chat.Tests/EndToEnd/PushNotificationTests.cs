using Chat.Client;
using Chat.Contracts;
using Chat.Projections.Notifications;
using Chat.Projections.Sessions;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>A server whose daemon posts push notifications to a gateway on 127.0.0.1; a schema of its own, so its daemon leads.</summary>
public sealed class PushChatServer : ChatServer, IAsyncLifetime
{
    public RecordingPushGateway Gateway { get; private set; } = null!;
    protected override string Schema { get; } = TestDatabase.PrivateSchema("push");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Push:GatewayUrl"] = Gateway.Url.ToString(),
        ["Chat:Push:GatewayKey"] = RecordingPushGateway.Key,
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        Gateway = await RecordingPushGateway.Start(); // before the server, whose settings name it
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Gateway.DisposeAsync();
    }
}

public class PushNotificationTests(PushChatServer server) : IClassFixture<PushChatServer>
{
    private RecordingPushGateway Gateway => server.Gateway;

    [Fact]
    public async Task A_suspended_account_loses_its_push_registrations_and_is_woken_again_once_reinstated_and_registered()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        var groupId = await alice.CreateGroup("Bob is suspended", bob.UserId, carol.UserId);
        var (bobPhone, carolPhone) = (await server.OnDevice(bob, "phone"), await server.OnDevice(carol, "phone"));
        await bobPhone.RegisterPushToken("fcm", Token("suspended-phone"));
        await carolPhone.RegisterPushToken("fcm", Token("witness-phone"));
        var op = await server.Operator();

        await op.Suspend(bob.UserId, "spam");
        var during = await alice.Send(groupId, "m1", "while suspended");
        await Gateway.WaitFor(n => n.MessageId == during.MessageId && n.UserId == carol.UserId); // the daemon got this far
        await op.Reinstate(bob.UserId);
        var after = await alice.Send(groupId, "m2", "reinstated, not yet registered");
        await Gateway.WaitFor(n => n.MessageId == after.MessageId && n.UserId == carol.UserId);
        Gateway.Received.Should().NotContain(n => n.UserId == bob.UserId);

        var back = server.NewApi();
        await back.SignIn(bob.Username!, "correct-horse-battery", "phone");
        await back.RegisterPushToken("fcm", Token("suspended-phone"));
        var registered = await alice.Send(groupId, "m3", "registered again");
        await Gateway.WaitFor(n => n.MessageId == registered.MessageId && n.UserId == bob.UserId);
    }

    [Fact]
    public async Task A_muted_conversation_wakes_nobody_until_unmuted_and_its_messages_still_arrive_and_count()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        var groupId = await alice.CreateGroup("Muted by Bob", bob.UserId, carol.UserId);
        var (bobPhone, carolPhone) = (await server.OnDevice(bob, "phone"), await server.OnDevice(carol, "phone"));
        await bobPhone.RegisterPushToken("fcm", Token("muted-phone"));
        await carolPhone.RegisterPushToken("fcm", Token("carol-phone"));
        await bob.Mute(groupId);
        (await Eventually.Get(() => bob.Conversations(), c => c.Count == 1)).Single()
            .Should().Match<ConversationListItem>(c => c.Muted && c.MutedUntil == null);

        // Notified when the daemon reaches the message: Carol's notification says it has, and Bob's mute held then.
        var quiet = await alice.Send(groupId, "m1", "while muted");
        await Gateway.WaitFor(n => n.MessageId == quiet.MessageId && n.UserId == carol.UserId);
        Gateway.Received.Should().NotContain(n => n.MessageId == quiet.MessageId && n.UserId == bob.UserId);
        await bob.Unmute(groupId);
        var loud = await alice.Send(groupId, "m2", "after unmuting");
        await Gateway.WaitFor(n => n.MessageId == loud.MessageId && n.UserId == bob.UserId);
        (await Eventually.Get(() => bob.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 2)).Single().Muted.Should().BeFalse(
            "a muted conversation's messages still count as unread");

        var stranger = await server.NewUser("stranger");
        (await FluentActions.Awaiting(() => stranger.Mute(groupId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(403);
        (await FluentActions.Awaiting(() => bob.Mute(groupId, DateTimeOffset.UtcNow.AddMinutes(-1))).Should().ThrowAsync<ChatApiException>())
            .Which.Should().Match<ChatApiException>(e => e.Status == 400 && e.Code == "validation_failed");
        await bob.Mute(groupId, DateTimeOffset.UtcNow.AddHours(8));
        (await bob.Conversations()).Single().MutedUntil.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(8), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_notification_carries_the_users_unread_messages_for_the_badge_leaving_out_muted_conversations()
    {
        var (alice, bob, fromAlice) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var fromCarol = await carol.OpenDirect(bob.UserId);
        var muted = await alice.CreateGroup("Muted for the badge", bob.UserId);
        await bob.Mute(muted);
        await bob.RegisterPushToken("fcm", Token("badge"));
        // Each step waits for the list to count what came before: the badge is then as the list says, plus the new message.
        async Task Unread(Guid conversationId, long count) =>
            await Eventually.Get(() => bob.Conversations(), list => list.Any(c => c.ConversationId == conversationId && c.UnreadCount == count));
        async Task<long> Badge(ChatApi sender, Guid conversationId, string text)
        {
            var sent = await sender.Send(conversationId, text, text);
            return (await Gateway.WaitFor(n => n.MessageId == sent.MessageId && n.UserId == bob.UserId)).Unread;
        }

        (await Badge(alice, fromAlice, "one")).Should().Be(1);
        await Unread(fromAlice, 1);
        (await Badge(alice, fromAlice, "two")).Should().Be(2);
        await Unread(fromAlice, 2);
        await alice.Send(muted, "muted", "in the muted group");
        await Unread(muted, 1);
        (await Badge(carol, fromCarol, "three")).Should().Be(3, "two from Alice and one from Carol; the muted group's message is unread but not on the badge");
        await Unread(fromCarol, 1);

        await bob.Receipt(fromAlice, "read", 2);
        await Unread(fromAlice, 0);
        (await Badge(carol, fromCarol, "four")).Should().Be(2, "Carol's two; Alice's were read");
    }

    [Fact]
    public async Task A_reaction_to_a_message_wakes_its_author_with_the_reactor_and_no_emoji()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var alicePhone = await server.OnDevice(alice, "phone");
        var token = Token("author-phone");
        await alicePhone.RegisterPushToken("fcm", token);
        var message = await alicePhone.Send(conversationId, "r1", "dinner at 8?");

        var reaction = await bob.React(conversationId, message.MessageId, "\U0001F44D");

        var woken = await Gateway.WaitFor(n => n.Kind == PushKinds.Reaction && n.MessageId == message.MessageId);
        woken.Should().Be(new PushNotification($"{message.MessageId:N}:{reaction.RevisionSequence}:phone", alice.UserId, "phone", "fcm", token,
            conversationId, message.MessageId, bob.UserId, reaction.RevisionSequence, woken.SentAt, PushKinds.Reaction, 0),
            "Bob has sent Alice nothing to read");
        Gateway.Received.Should().NotContain(n => n.UserId == bob.UserId, "the reactor is not woken for his own reaction");
    }

    [Fact]
    public async Task Devices_that_are_not_connected_are_woken_for_each_message_without_its_body_and_connected_ones_are_not()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await alice.RegisterPushToken("fcm", Token("alice"));
        var (bobPhone, bobTablet) = (await server.OnDevice(bob, "phone"), await server.OnDevice(bob, "tablet"));
        var (phoneToken, tabletToken) = (Token("phone"), Token("tablet"));
        await bobPhone.RegisterPushToken("fcm", phoneToken);
        await bobPhone.RegisterPushToken("fcm", phoneToken); // apps register on every start
        await bobTablet.RegisterPushToken("apns", tabletToken);
        var tabletHub = server.Connect(bobTablet);
        await tabletHub.Start();

        var first = await alice.Send(conversationId, "p1", "secret words");
        await Eventually.Get(() => bob.Conversations(), c => c.Single().UnreadCount == 1); // the list counts it: the next badge is exact
        var second = await alice.Send(conversationId, "p2", "more secret words");
        var woken = await Gateway.WaitFor(n => n.MessageId == second.MessageId);
        var notified = Gateway.Received.Where(n => n.ConversationId == conversationId).ToList();
        notified.Select(n => (n.MessageId, n.DeviceId)).Should().BeEquivalentTo([(first.MessageId, "phone"), (second.MessageId, "phone")],
            "the tablet is connected and gets them over the hub; the sender is never woken for her own message");
        woken.Should().Be(new PushNotification($"{second.MessageId:N}:phone", bob.UserId, "phone", "fcm", phoneToken, conversationId,
            second.MessageId, alice.UserId, 2, second.SentAt, PushKinds.Message, 2), "two unread for Bob, this one included");
        Gateway.Unauthorized.Should().Be(0, "the server presents the gateway's key");

        await tabletHub.DisposeAsync();
        await WaitUntilDisconnected(bob.UserId, "tablet");
        var third = await alice.Send(conversationId, "p3", "while both are away");
        await Gateway.WaitFor(n => n.MessageId == third.MessageId && n.DeviceId == "tablet");
        await Gateway.WaitFor(n => n.MessageId == third.MessageId && n.DeviceId == "phone");

        await bobPhone.RemovePushToken(); // signing out on the phone
        var fourth = await alice.Send(conversationId, "p4", "after the phone signed out");
        await Gateway.WaitFor(n => n.MessageId == fourth.MessageId && n.DeviceId == "tablet");
        Gateway.Received.Where(n => n.ConversationId == conversationId).Select(n => n.Id).Should().OnlyHaveUniqueItems()
            .And.HaveCount(5, "phone for 1-3, tablet for 3 and 4");
    }

    [Fact]
    public async Task A_connected_device_whose_app_went_to_the_background_is_woken_until_it_says_it_is_in_front_again()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var (bobPhone, bobTablet) = (await server.OnDevice(bob, "phone"), await server.OnDevice(bob, "tablet"));
        await bobPhone.RegisterPushToken("fcm", Token("phone"));
        await bobTablet.RegisterPushToken("apns", Token("tablet")); // never connected: woken for every message, a marker
        await using var phoneHub = server.Connect(bobPhone);
        await phoneHub.Start();

        // Each step waits for the tablet's notification of its message: the subscription has then decided the phone's too.
        async Task<Guid> Sent(string clientMessageId)
        {
            var sent = await alice.Send(conversationId, clientMessageId, clientMessageId);
            await Gateway.WaitFor(n => n.MessageId == sent.MessageId && n.DeviceId == "tablet");
            return sent.MessageId;
        }
        await Sent("in front");
        await phoneHub.Heartbeat(active: false);
        var whileAway = await Sent("in the background");
        await phoneHub.Heartbeat(active: true);
        await Sent("in front again");

        Gateway.Received.Where(n => n.ConversationId == conversationId && n.DeviceId == "phone").Select(n => n.MessageId)
            .Should().Equal([whileAway], "the phone is connected throughout, and its app was in the background for that message only");
    }

    [Fact]
    public async Task A_token_the_gateway_rejects_is_forgotten_and_a_gateway_outage_loses_no_message()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var deadToken = Token("dead");
        Gateway.DeadTokens[deadToken] = true;
        await bob.RegisterPushToken("fcm", deadToken);
        var first = await alice.Send(conversationId, "r1", "to a dead token");
        await Gateway.WaitFor(n => n.MessageId == first.MessageId);
        (await Eventually.Get(() => Targets(bob.UserId), t => t.Count == 0)).Should().BeEmpty("the gateway said the token is dead");

        var liveToken = Token("live");
        await bob.RegisterPushToken("fcm", liveToken);
        Gateway.Failing = true;
        var requestsBefore = Gateway.Requests;
        var duringOutage = await alice.Send(conversationId, "r2", "while the gateway is down");
        (await Eventually.Get(() => Gateway.Requests, r => r >= requestsBefore + 3)).Should().Be(requestsBefore + 3, "one try and two retries");
        Gateway.Failing = false;
        var after = await alice.Send(conversationId, "r3", "after the gateway is back");
        await Gateway.WaitFor(n => n.MessageId == after.MessageId && n.Token == liveToken);
        Gateway.Received.Should().NotContain(n => n.MessageId == duringOutage.MessageId, "a notification the gateway would not take is dropped");

        await using var hub = server.Connect(bob);
        var inbox = new Inbox(hub);
        await hub.Start();
        (await inbox.WaitForMessages(3)).Select(m => m.Sequence).Should().Equal([1L, 2, 3], "the messages themselves wait in the relay");
    }

    [Fact]
    public async Task A_token_registered_on_another_account_stops_waking_the_account_that_held_it()
    {
        // A shared phone: Alice signed in and registered the token; she never signed out, and Bob signs in on it.
        var (alice, bob, conversationId) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var phone = Token("shared-phone");
        await alice.RegisterPushToken("fcm", phone);
        await bob.RegisterPushToken("fcm", phone);
        (await Targets(alice.UserId)).Should().BeEmpty("the token is the phone's, and the phone is Bob's now");

        var toBob = await alice.Send(conversationId, "s1", "for bob");
        var carolsChat = await carol.OpenDirect(alice.UserId);
        var toAlice = await carol.Send(carolsChat, "s2", "for alice");
        await Gateway.WaitFor(n => n.MessageId == toBob.MessageId && n.UserId == bob.UserId && n.Token == phone);
        var marker = await alice.Send(conversationId, "s3", "for bob again"); // processed after Carol's message
        await Gateway.WaitFor(n => n.MessageId == marker.MessageId);
        Gateway.Received.Should().NotContain(n => n.MessageId == toAlice.MessageId, "Alice's messages no longer wake Bob's phone");
    }

    [Fact]
    public async Task A_bad_registration_gets_a_field_error()
    {
        var bob = await server.NewUser("bob");
        foreach (var (platform, token, field) in new[] { ("FCM!", "t", "platform"), ("fcm", "", "token"), ("fcm", new string('t', 4097), "token"), ("fcm", "a\0b", "token") })
        {
            var error = await FluentActions.Awaiting(() => bob.RegisterPushToken(platform, token)).Should().ThrowAsync<ChatApiException>();
            (error.Which.Status, error.Which.Code).Should().Be((400, "validation_failed"));
            error.Which.Body.Should().Contain($"\"{field}\"");
        }
        await bob.RemovePushToken(); // nothing registered: still fine
        (await Targets(bob.UserId)).Should().BeEmpty();
    }

    private static string Token(string device) => $"{device}-{Guid.NewGuid():N}";

    private async Task<IReadOnlyList<Chat.Domain.Users.PushTarget>> Targets(Guid userId)
    {
        await using var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<UserPushTargets>(userId))?.Targets ?? [];
    }

    private async Task WaitUntilDisconnected(Guid userId, string deviceId)
    {
        var store = server.Services.GetRequiredService<IDocumentStore>();
        (await Eventually.Get(async () =>
        {
            await using var session = store.QuerySession();
            return await session.Query<SessionEntry>().Where(e => e.UserId == userId && e.DeviceId == deviceId).ToListAsync();
        }, entries => entries.Count == 0)).Should().BeEmpty("the tablet's connection left the session map");
    }
}
