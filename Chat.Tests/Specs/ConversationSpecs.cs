using Chat.Domain;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class ConversationSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), Stranger = Guid.NewGuid();
    private static readonly Guid Id = ConversationIds.Direct(A, B);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 21, 4, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Id, [A, B], A, Now);

    private static MessageSent Sent(long sequence, Guid sender, string clientId = "c") =>
        new(Id, ConversationIds.Message(sender, clientId + sequence), sender, clientId + sequence, sequence, "hi", Now);

    private static SendMessage Send(Guid sender, string clientId, string body = "hi") =>
        new(Id, sender, ConversationIds.Message(sender, clientId), clientId, body, Now);

    [Fact]
    public void A_first_message_gets_sequence_one() =>
        DeciderSpec.Given(Opened).Then(Send(A, "c1"),
            new MessageSent(Id, ConversationIds.Message(A, "c1"), A, "c1", 1, "hi", Now, Devices.DefaultId));

    [Fact]
    public void Sequences_continue_after_receipts() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, B), new MessagesRead(Id, B, 1, Now)).Then(Send(B, "x"),
            new MessageSent(Id, ConversationIds.Message(B, "x"), B, "x", 3, "hi", Now, Devices.DefaultId));

    [Fact]
    public void A_stranger_cannot_send() =>
        DeciderSpec.Given(Opened).ThenFails(Send(Stranger, "c1"), ErrorCodes.Forbidden);

    [Theory]
    [InlineData(0)]
    [InlineData(Conversation.MaxBodyLength + 1)]
    public void Body_length_is_one_to_65536(int length) =>
        DeciderSpec.Given(Opened).ThenFails(Send(A, "c1", new string('x', length)), ErrorCodes.Validation, "body");

    [Fact]
    public void A_body_of_exactly_65536_characters_is_accepted() =>
        DeciderSpec.Given(Opened).When(Send(A, "c1", new string('x', Conversation.MaxBodyLength))).Should().ContainSingle();

    [Fact]
    public void A_missing_client_message_id_is_rejected() =>
        DeciderSpec.Given(Opened).ThenFails(Send(A, " "), ErrorCodes.Validation, "clientMessageId");

    [Fact]
    public void A_body_with_a_nul_character_is_rejected_before_the_store_sees_it() =>
        DeciderSpec.Given(Opened).ThenFails(Send(A, "c1", "a\0b"), ErrorCodes.Validation, "body");

    [Fact]
    public void A_client_message_id_with_a_nul_character_is_rejected() =>
        DeciderSpec.Given(Opened).ThenFails(Send(A, "c\01"), ErrorCodes.Validation, "clientMessageId");

    [Fact]
    public void Delivered_watermark_advances() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A)).Then(new AckDelivered(Id, B, 2, Now), new MessagesDelivered(Id, B, 2, Now, Devices.DefaultId));

    [Fact]
    public void Delivered_watermark_never_moves_backwards() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), new MessagesDelivered(Id, B, 2, Now)).Then(new AckDelivered(Id, B, 1, Now));

    [Fact]
    public void Read_implies_delivered_so_a_later_delivered_ack_below_it_is_a_no_op() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), new MessagesRead(Id, B, 2, Now)).Then(new AckDelivered(Id, B, 2, Now));

    [Fact]
    public void Read_watermark_never_moves_backwards() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), new MessagesRead(Id, B, 2, Now)).Then(new MarkRead(Id, B, 1, Now));

    [Fact]
    public void Read_advances() =>
        DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), new MessagesDelivered(Id, B, 2, Now))
            .Then(new MarkRead(Id, B, 2, Now), new MessagesRead(Id, B, 2, Now, Devices.DefaultId));

    [Fact]
    public void Each_device_has_its_own_delivered_watermark_and_the_member_keeps_the_highest()
    {
        var spec = DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), Sent(3, A), new MessagesDelivered(Id, B, 3, Now, "phone"));
        spec.Then(new AckDelivered(Id, B, 2, Now, "laptop"), new MessagesDelivered(Id, B, 2, Now, "laptop"));
        spec.Then(new AckDelivered(Id, B, 3, Now, "phone"));
        var state = new object[] { Opened, Sent(1, A), Sent(2, A), new MessagesDelivered(Id, B, 2, Now, "phone"), new MessagesDelivered(Id, B, 1, Now, "laptop") }
            .Aggregate((Conversation?)null, Conversation.Evolve)!;
        state.FindMember(B)!.DeliveredUpTo.Should().Be(2);
        state.FindMember(B)!.DeliveredUpToOn("laptop").Should().Be(1);
    }

    [Fact]
    public void Read_is_per_user_and_a_read_below_the_users_mark_still_advances_the_devices_delivered_mark()
    {
        var spec = DeciderSpec.Given(Opened, Sent(1, A), Sent(2, A), new MessagesRead(Id, B, 2, Now, "phone"));
        spec.Then(new MarkRead(Id, B, 2, Now, "laptop"), new MessagesDelivered(Id, B, 2, Now, "laptop"));
        spec.Then(new MarkRead(Id, B, 1, Now, "phone"));
    }

    [Fact]
    public void A_send_names_the_device_it_came_from() =>
        DeciderSpec.Given(Opened).When(Send(A, "c1") with { DeviceId = "laptop" }).Should()
            .ContainSingle().Which.Should().BeOfType<MessageSent>().Which.SenderDeviceId.Should().Be("laptop");

    [Fact]
    public void A_receipt_past_the_last_message_is_rejected() =>
        DeciderSpec.Given(Opened, Sent(1, A)).ThenFails(new MarkRead(Id, B, 2, Now), ErrorCodes.Validation, "upToSequence");

    [Fact]
    public void A_stranger_cannot_acknowledge() =>
        DeciderSpec.Given(Opened, Sent(1, A)).ThenFails(new AckDelivered(Id, Stranger, 1, Now), ErrorCodes.Forbidden);

    [Fact]
    public void Evolve_tracks_watermarks_and_read_lifts_delivered()
    {
        var state = new object[] { Opened, Sent(1, A), Sent(2, A), new MessagesDelivered(Id, B, 1, Now), new MessagesRead(Id, B, 2, Now) }
            .Aggregate((Conversation?)null, Conversation.Evolve)!;
        state.LastSequence.Should().Be(2);
        state.FindMember(B).Should().BeEquivalentTo(new Member(B, 2, 2, Devices: new Dictionary<string, long> { [Devices.DefaultId] = 2 }));
        state.FindMember(A).Should().Be(new Member(A, 0, 0));
    }

    [Fact]
    public void The_direct_conversation_id_is_the_same_from_both_sides_and_differs_per_pair()
    {
        ConversationIds.Direct(A, B).Should().Be(ConversationIds.Direct(B, A));
        ConversationIds.Direct(A, Stranger).Should().NotBe(ConversationIds.Direct(A, B));
    }

    [Fact]
    public void The_message_id_is_the_idempotency_key_of_sender_and_client_message_id()
    {
        ConversationIds.Message(A, "c1").Should().Be(ConversationIds.Message(A, "c1"));
        ConversationIds.Message(A, "c1").Should().NotBe(ConversationIds.Message(B, "c1"));
        ConversationIds.Message(A, "c1").Should().NotBe(ConversationIds.Message(A, "c2"));
    }
}
