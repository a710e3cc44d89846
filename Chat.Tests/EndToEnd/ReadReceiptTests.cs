using Chat.Contracts;
using Chat.Domain;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Read receipts off (docs/adr/0026-read-receipts-off.md): the reader's reads count for them, the sender sees delivered.</summary>
public class ReadReceiptTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task With_read_receipts_off_the_sender_sees_delivered_while_the_readers_devices_count_it_read()
    {
        await using var pair = await ConnectedPair.Open(server);
        var (alice, bob, conversationId) = (pair.Alice, pair.Bob, pair.ConversationId);
        var aliceInbox = new Inbox(pair.AliceHub);
        var laptop = await server.OnDevice(bob, "laptop");
        await using var laptopHub = server.Connect(laptop);
        var laptopInbox = new Inbox(laptopHub);
        await laptopHub.Start();

        await bob.SetPrivacy(readReceipts: false);
        (await bob.Privacy()).Should().Be(new PrivacySettings("everyone", ReadReceipts: false, Groups: "everyone"));
        var sent = new[] { await pair.AliceHub.Send(conversationId, "a1", "one"), await pair.AliceHub.Send(conversationId, "a2", "two") };
        await pair.BobInbox.WaitForMessages(2);
        await pair.BobHub.MarkRead(conversationId, 2);

        (await aliceInbox.WaitForReceipt(ReceiptKind.Delivered, 2)).Should().Contain(r => r.UserId == bob.UserId && r.UpToSequence == 2);
        (await laptopInbox.WaitForReceipt(ReceiptKind.Read, 2)).Should().Contain(r => r.UserId == bob.UserId, "the reader's other devices hear of it");
        (await Eventually.Get(() => bob.Conversations(), c => c.Single().UnreadCount == 0)).Single().UnreadCount.Should().Be(0);
        // Pushes to one connection keep their order: once Bob's next message is there, a read receipt would have been too.
        await pair.BobHub.Send(conversationId, "b1", "marker");
        await aliceInbox.WaitForMessages(1);
        aliceInbox.Receipts.Should().NotContain(r => r.Kind == ReceiptKind.Read && r.UserId == bob.UserId);
        (await alice.AllMessages(conversationId)).Where(m => m.SenderId == alice.UserId).Select(m => m.Status)
            .Should().Equal(MessageStatus.Delivered, MessageStatus.Delivered);
        (await alice.Receipts(conversationId, sent[0].MessageId)).Members.Should().ContainSingle()
            .Which.Should().Be(new MemberReceipt(bob.UserId, Delivered: true, Read: false));

        await bob.SetPrivacy(readReceipts: true);
        await pair.AliceHub.Send(conversationId, "a3", "three");
        await pair.BobInbox.WaitForMessages(3);
        await pair.BobHub.MarkRead(conversationId, 4);

        (await aliceInbox.WaitForReceipt(ReceiptKind.Read, 4)).Should().Contain(r => r.UserId == bob.UserId && r.Kind == ReceiptKind.Read);
        (await alice.AllMessages(conversationId)).Where(m => m.SenderId == alice.UserId).Select(m => m.Status)
            .Should().Equal(MessageStatus.Read, MessageStatus.Read, MessageStatus.Read);
    }

    [Fact]
    public async Task In_a_group_reads_are_shown_whatever_the_setting()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        var groupId = await alice.CreateGroup("Readers", bob.UserId, carol.UserId);
        await bob.SetPrivacy(readReceipts: false);
        var sent = await alice.Send(groupId, "a1", "hello");

        await bob.Receipt(groupId, ReceiptKind.Read, sent.Sequence);

        (await alice.Receipts(groupId, sent.MessageId)).Members.Should().ContainEquivalentOf(new MemberReceipt(bob.UserId, true, true));
    }

    [Fact]
    public async Task Privacy_settings_change_one_at_a_time_and_refuse_what_they_do_not_know()
    {
        var user = await server.NewUser();
        (await user.Privacy()).Should().Be(new PrivacySettings("everyone", ReadReceipts: true, Groups: "everyone"));

        await user.SetPrivacy(lastSeen: "contacts");
        await user.SetPrivacy(readReceipts: false);
        await user.SetPrivacy(groups: "nobody");
        (await user.Privacy()).Should().Be(new PrivacySettings("contacts", ReadReceipts: false, Groups: "nobody"),
            "each change leaves the other settings as they were");

        await Refused(() => user.SetPrivacy(), 400, ErrorCodes.Validation, "a change names at least one setting");
        await Refused(() => user.SetPrivacy(lastSeen: "friends", readReceipts: true), 400, ErrorCodes.Validation);
        (await Refused(() => user.SetPrivacy(groups: "friends", readReceipts: true), 400, ErrorCodes.Validation)).Body.Should().Contain("groups");
        (await user.Privacy()).Should().Be(new PrivacySettings("contacts", ReadReceipts: false, Groups: "nobody"), "a refused change changes nothing");
    }
}
