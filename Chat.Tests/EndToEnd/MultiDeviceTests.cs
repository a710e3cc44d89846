using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.EndToEnd;

/// <summary>Alice on a phone and a laptop (issue 4's acceptance), Bob on one device.</summary>
public class MultiDeviceTests(ChatServer server) : IClassFixture<ChatServer>
{
    private async Task<(ChatApi Phone, ChatApi Laptop, ChatApi Bob, Guid ConversationId)> AliceOnTwoDevicesAndBob()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        return (await server.OnDevice(alice, "phone", "Alice's phone"), await server.OnDevice(alice, "laptop", "Alice's laptop"), bob, conversationId);
    }

    [Fact]
    public async Task Every_device_gets_every_message_including_the_users_own_from_another_device()
    {
        var (phone, laptop, bob, conversationId) = await AliceOnTwoDevicesAndBob();
        await using var phoneHub = server.Connect(phone);
        await using var laptopHub = server.Connect(laptop);
        await using var bobHub = server.Connect(bob);
        var (phoneInbox, laptopInbox, bobInbox) = (new Inbox(phoneHub), new Inbox(laptopHub), new Inbox(bobHub));
        await Task.WhenAll(phoneHub.Start(), laptopHub.Start(), bobHub.Start());

        await bobHub.Send(conversationId, "b1", "hi Alice");
        (await phoneInbox.WaitForMessages(1)).Single().Body.Should().Be("hi Alice");
        (await laptopInbox.WaitForMessages(1)).Single().Body.Should().Be("hi Alice");

        await laptopHub.Send(conversationId, "a1", "hi Bob, from the laptop");
        (await phoneInbox.WaitForMessages(2))[1].Should().Match<MessageReceived>(m => m.SenderId == phone.UserId && m.Sequence == 2);
        (await bobInbox.WaitForMessages(1)).Single().Body.Should().Be("hi Bob, from the laptop");
        await Task.Delay(300); // an echo to the sending device would arrive now
        laptopInbox.Messages.Select(m => m.Sequence).Should().Equal(1);
    }

    [Fact]
    public async Task Reading_on_the_phone_clears_the_unread_count_everywhere_and_tells_the_laptop()
    {
        var (phone, laptop, bob, conversationId) = await AliceOnTwoDevicesAndBob();
        for (var i = 1; i <= 3; i++) await bob.Send(conversationId, $"b{i}", $"m{i}");
        await Eventually.Get(() => laptop.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 3);
        await using var laptopHub = server.Connect(laptop);
        var laptopInbox = new Inbox(laptopHub);
        await laptopHub.Start();
        await laptopInbox.WaitForMessages(3);

        await phone.Receipt(conversationId, ReceiptKind.Read, 3);

        var read = await laptopInbox.WaitForReceipt(ReceiptKind.Read, 3);
        read.Should().Contain(r => r.UserId == phone.UserId && r.Kind == ReceiptKind.Read && r.UpToSequence == 3);
        (await Eventually.Get(() => laptop.Conversations(), c => c.Count == 1 && c[0].UnreadCount == 0)).Single().UnreadCount.Should().Be(0);
    }

    [Fact]
    public async Task A_laptop_that_was_offline_gets_exactly_the_twenty_it_missed_while_the_phone_read_them()
    {
        var (phone, laptop, bob, conversationId) = await AliceOnTwoDevicesAndBob();
        await bob.Send(conversationId, "before", "seen on both");
        await using (var laptopHub = server.Connect(laptop))
        {
            var inbox = new Inbox(laptopHub);
            await laptopHub.Start();
            await inbox.WaitForMessages(1);
            await laptopHub.AckDelivered(conversationId, 1);
        }

        await using var phoneHub = server.Connect(phone);
        var phoneInbox = new Inbox(phoneHub);
        await phoneHub.Start();
        for (var i = 1; i <= 20; i++) await bob.Send(conversationId, $"away-{i}", $"while the laptop sleeps {i}");
        await phoneInbox.WaitForMessages(21);
        await phoneHub.MarkRead(conversationId, 21);

        await using var again = server.Connect(laptop);
        var laptopInbox = new Inbox(again);
        await again.Start();
        await laptopInbox.WaitForMessages(20);
        await Task.Delay(300);
        laptopInbox.Messages.Select(m => m.ClientMessageId).Should().Equal(Enumerable.Range(1, 20).Select(i => $"away-{i}"));
    }

    [Fact]
    public async Task A_device_that_never_acknowledged_in_a_conversation_still_gets_what_was_sent_since_it_was_linked()
    {
        var (phone, laptop, bob, conversationId) = await AliceOnTwoDevicesAndBob();
        await using var phoneHub = server.Connect(phone);
        var phoneInbox = new Inbox(phoneHub);
        await phoneHub.Start();
        for (var i = 1; i <= 5; i++) await bob.Send(conversationId, $"b{i}", $"m{i}");
        await phoneInbox.WaitForMessages(5);
        await phoneHub.AckDelivered(conversationId, 5);
        await phoneHub.Send(conversationId, "own", "sent from the phone");

        await using var laptopHub = server.Connect(laptop);
        var laptopInbox = new Inbox(laptopHub);
        await laptopHub.Start();
        await laptopInbox.WaitForMessages(6);
        await Task.Delay(300);
        laptopInbox.Messages.Select(m => m.Sequence).Should().Equal(1, 2, 3, 4, 5, 6);

        // The phone's relay does not echo its own message back.
        await using var phoneAgain = server.Connect(phone);
        var phoneAgainInbox = new Inbox(phoneAgain);
        await phoneAgain.Start();
        await Task.Delay(500);
        phoneAgainInbox.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Devices_are_listed_limited_to_five_and_removing_one_ends_its_connection_and_its_token()
    {
        var alice = await server.NewUser("alice");
        var devices = new List<ChatApi> { alice };
        for (var i = 1; i <= 4; i++) devices.Add(await server.OnDevice(alice, $"device-{i}", $"Device {i}"));

        var sixth = await FluentActions.Awaiting(() => server.OnDevice(alice, "one-too-many")).Should().ThrowAsync<ChatApiException>();
        sixth.Which.Status.Should().Be(409);
        sixth.Which.Code.Should().Be("conflict");

        var listed = await devices[2].Devices();
        listed.Select(d => d.DeviceId).Should().Equal("default", "device-1", "device-2", "device-3", "device-4");
        listed.Should().ContainSingle(d => d.Current).Which.DeviceId.Should().Be("device-2");
        listed.Single(d => d.DeviceId == "device-1").DeviceName.Should().Be("Device 1");

        await using var doomed = server.Connect(devices[1]);
        await doomed.Start();
        await alice.RemoveDevice("device-1");
        (await Eventually.Get(() => doomed.State, s => s == HubConnectionState.Disconnected)).Should().Be(HubConnectionState.Disconnected);
        (await FluentActions.Awaiting(() => devices[1].Conversations()).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(401);
        (await FluentActions.Awaiting(() => alice.RemoveDevice("device-1")).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);

        // The freed slot can be linked again; the old token stays dead.
        var relinked = await server.OnDevice(alice, "device-1");
        (await relinked.Devices()).Should().HaveCount(5);
        (await FluentActions.Awaiting(() => devices[1].Conversations()).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task A_bad_device_id_is_a_validation_error()
    {
        var alice = await server.NewUser("alice");
        var error = await FluentActions.Awaiting(() => server.OnDevice(alice, "no spaces/or slashes")).Should().ThrowAsync<ChatApiException>();
        error.Which.Status.Should().Be(400);
        error.Which.Body.Should().Contain("deviceId");
    }
}
