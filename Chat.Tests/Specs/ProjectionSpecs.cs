using Chat.Domain.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.Summaries;
using FluentAssertions;
using JasperFx.Events;

namespace Chat.Tests.Specs;

/// <summary>The read models' Evolve functions, fed events directly.</summary>
public class ProjectionSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly Guid Id = ConversationIds.Direct(A, B);
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static MessageSent Sent(long sequence, Guid sender) =>
        new(Id, Guid.NewGuid(), sender, "c" + sequence, sequence, "body " + sequence, Now.AddSeconds(sequence));

    private static T? Project<T>(Func<T?, Guid, IEvent, T?> evolve, params object[] events) where T : class =>
        events.Aggregate((T?)null, (state, e) => evolve(state, Id, new Event<object>(e)));

    [Fact]
    public void Unread_counts_only_what_others_sent_after_the_read_watermark()
    {
        var projection = new ConversationSummaryProjection();
        var summary = Project<ConversationSummary>(projection.Evolve,
            new DirectConversationOpened(Id, [A, B], A, Now), Sent(1, A), Sent(2, A), Sent(3, B), Sent(4, A),
            new MessagesRead(Id, B, 2, Now))!;

        summary.UnreadCountFor(B).Should().Be(1, "A's message 4 is after B's watermark 2 and B's own 3 does not count");
        summary.UnreadCountFor(A).Should().Be(1, "B's message 3 is unread by A");
        summary.LastMessage!.Sequence.Should().Be(4);
    }

    [Fact]
    public void A_member_with_messages_from_others_past_the_delivered_watermark_is_pending()
    {
        var projection = new PendingDeliveriesProjection();
        var opened = new DirectConversationOpened(Id, [A, B], A, Now);

        Project<PendingDeliveries>(projection.Evolve, opened, Sent(1, A))!.PendingUserIds.Should().Equal(B);
        Project<PendingDeliveries>(projection.Evolve, opened, Sent(1, A), new MessagesDelivered(Id, B, 1, Now))!
            .PendingUserIds.Should().BeEmpty();
        Project<PendingDeliveries>(projection.Evolve, opened, Sent(1, A), Sent(2, B), new MessagesRead(Id, B, 1, Now))!
            .PendingUserIds.Should().Equal(A);
    }

    [Fact]
    public void Each_device_is_pending_until_its_own_watermark_reaches_the_last_message_and_a_sender_stays_level_with_its_own_sends()
    {
        var projection = new PendingDeliveriesProjection();
        var opened = new DirectConversationOpened(Id, [A, B], A, Now);
        var (phone, laptop) = (PendingDeliveries.DeviceKey(B, "phone"), PendingDeliveries.DeviceKey(B, "laptop"));

        var state = Project<PendingDeliveries>(projection.Evolve, opened, Sent(1, A),
            new MessagesDelivered(Id, B, 1, Now, "phone"), new MessagesDelivered(Id, B, 1, Now, "laptop"), Sent(2, A),
            new MessagesDelivered(Id, B, 2, Now, "phone"))!;
        state.PendingUserIds.Should().BeEmpty("the phone holds everything");
        state.PendingDeviceKeys.Should().Equal(laptop);
        state.DeliveredUpToOn(B, "laptop").Should().Be(1);
        state.DeliveredUpToOn(B, "tablet").Should().BeNull("a device that never acknowledged here has no mark");

        var afterOwnSend = Project<PendingDeliveries>(projection.Evolve, opened, Sent(1, A), new MessagesDelivered(Id, B, 1, Now, "phone"),
            Sent(2, B) with { SenderDeviceId = "phone" })!;
        afterOwnSend.PendingDeviceKeys.Should().BeEmpty("the phone holds the message it sent");
        afterOwnSend.DeliveredUpToOn(B, "phone").Should().Be(2);
        afterOwnSend.DeviceKeys.Should().Equal(phone);
        afterOwnSend.LastMessageAt.Should().Be(Now.AddSeconds(2));
    }

    [Fact]
    public void Each_schema_gets_its_own_daemon_lock_and_the_id_does_not_depend_on_the_process()
    {
        new[] { "chat", "chat_tests", "chat_nodes_1", "chat_nodes_2" }.Select(Chat.Projections.ChatStoreOptions.DaemonLockId)
            .Should().OnlyHaveUniqueItems().And.OnlyContain(id => id >= 0);
        // FNV-1a of "chat", computed outside .NET: string.GetHashCode would differ from one process to the next.
        Chat.Projections.ChatStoreOptions.DaemonLockId("chat").Should().Be(575404459);
    }
}
