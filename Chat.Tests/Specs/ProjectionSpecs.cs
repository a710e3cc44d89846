using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.Presence;
using Chat.Projections.Summaries;
using Chat.WriteApi.Notifications;
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
    public void The_badge_counts_unread_messages_outside_muted_conversations_and_what_the_trailing_summary_has_not_reached()
    {
        var (group, silent, fresh) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var summary = Project<ConversationSummary>(new ConversationSummaryProjection().Evolve,
            new DirectConversationOpened(Id, [A, B], A, Now), Sent(1, A), Sent(2, A), Sent(3, B))!;
        var mutedSummary = summary with { Id = silent };
        var summaries = new[] { summary, mutedSummary }.ToDictionary(s => s.Id);
        var muted = new Dictionary<Guid, DateTimeOffset?> { [silent] = null };
        MessageSent[] page = [Sent(3, B), Sent(4, A), Sent(5, B), Sent(6, A) with { ConversationId = fresh }, Sent(1, A) with { ConversationId = group }];

        UnreadBadge.For(B, [Id, silent, fresh], summaries, muted, page, Now).Should().Be(2 + 1 + 1,
            "A's 1 and 2 from the summary, A's 4 which the summary has not reached, and A's 6 in a conversation without a summary yet; " +
            "B's own 3 and 5 and the muted conversation do not count, nor a conversation B is not in");
        UnreadBadge.For(B, [Id, silent], summaries, new Dictionary<Guid, DateTimeOffset?> { [silent] = Now.AddHours(-1) }, [], Now)
            .Should().Be(4, "a mute that ended counts again");
        UnreadBadge.For(A, [Id], summaries, Mutes.None, page, Now).Should().Be(2, "B's 3 from the summary and B's 5 from the page, not 3 twice");
    }

    [Fact]
    public void Who_may_add_a_user_to_groups_follows_their_setting_and_the_user_may_always_add_themselves()
    {
        UserPresence With(Visibility groups) => new(B, false, null, Visibility.Everyone, GroupAdds: groups);
        (With(Visibility.Everyone).AddableBy(A, adderIsContact: false), With(Visibility.Contacts).AddableBy(A, adderIsContact: false),
            With(Visibility.Contacts).AddableBy(A, adderIsContact: true), With(Visibility.Nobody).AddableBy(A, adderIsContact: true),
            With(Visibility.Nobody).AddableBy(B, adderIsContact: false)).Should().Be((true, false, true, false, true));
    }

    private static MemberDelivery Member(Guid userId, params object[] events) => events.Aggregate((MemberDelivery?)null,
        (state, e) => new MemberDeliveryProjection().Evolve(state, MemberDelivery.Key(Id, userId), new Event<object>(e)))!;

    private static ConversationHead Head(params object[] events) => Project<ConversationHead>(new ConversationHeadProjection().Evolve, events)!;

    [Fact]
    public void A_device_that_never_acknowledged_is_pending_while_a_message_from_someone_else_is_past_the_members_watermark()
    {
        var opened = new DirectConversationOpened(Id, [A, B], A, Now);
        var never = DateTimeOffset.MaxValue; // linked before anything here

        Member(B, opened).HasPendingFor("phone", Head(opened, Sent(1, A)), never).Should().BeTrue();
        Member(B, opened, new MessagesDelivered(Id, B, 1, Now, "laptop")).HasPendingFor("phone", Head(opened, Sent(1, A)), never)
            .Should().BeFalse("the message reached one of B's devices");
        Member(A, opened).HasPendingFor("phone", Head(opened, Sent(1, A)), never).Should().BeFalse("A sent the only message");
        Member(A, opened, new MessagesRead(Id, A, 1, Now)).HasPendingFor("phone", Head(opened, Sent(1, A), Sent(2, B), Sent(3, A)), never)
            .Should().BeTrue("B's message 2 came before A's own 3, and A holds only up to 1");
        Member(B, opened, new MessagesDelivered(Id, B, 1, Now, "laptop")).HasPendingFor("phone", Head(opened, Sent(1, A)), Now)
            .Should().BeTrue("the message came after the phone was linked");
    }

    [Fact]
    public void A_device_is_pending_until_its_own_watermark_reaches_the_last_message_it_did_not_send_itself()
    {
        var opened = new DirectConversationOpened(Id, [A, B], A, Now);
        var never = DateTimeOffset.MaxValue;
        var b = Member(B, opened, new MessagesDelivered(Id, B, 1, Now, "phone"), new MessagesDelivered(Id, B, 1, Now, "laptop"),
            new MessagesDelivered(Id, B, 2, Now, "phone"));

        b.HasPendingFor("phone", Head(opened, Sent(1, A), Sent(2, A)), never).Should().BeFalse();
        b.HasPendingFor("laptop", Head(opened, Sent(1, A), Sent(2, A)), never).Should().BeTrue();
        b.DeliveredUpTo.Should().Be(2, "the highest of the devices' watermarks");
        var fromPhone = Head(opened, Sent(1, A), Sent(2, A), Sent(3, B) with { SenderDeviceId = "phone" }, Sent(4, B) with { SenderDeviceId = "phone" });
        b.HasPendingFor("phone", fromPhone, never).Should().BeFalse("the phone holds the messages it sent");
        b.HasPendingFor("laptop", Head(opened, Sent(1, A), Sent(2, A), Sent(3, B) with { SenderDeviceId = "laptop" }), never)
            .Should().BeTrue("the laptop sent 3 but never got A's 2");
        b.HasPendingFor("phone", Head(opened, Sent(1, A), Sent(2, A), Sent(3, B) with { SenderDeviceId = "laptop" }), never)
            .Should().BeTrue("the user's own message from the laptop is news to the phone");
    }

    [Fact]
    public void The_head_tells_each_member_the_last_message_someone_else_sent_and_keeps_one_entry_per_sender()
    {
        var created = new GroupCreated(Id, "g", A, [A, B], Now);
        var head = Head(created, Sent(1, A), Sent(2, A), Sent(3, B), Sent(4, B));
        (head.LastSequence, head.LastIncomingFor(A), head.LastIncomingFor(B)).Should().Be((4L, 4L, 2L));
        head.LastSentBy.Should().BeEquivalentTo(new Dictionary<Guid, long> { [A] = 2, [B] = 4 });
        new ConversationHeadProjection().Evolve(head, Id, new Event<object>(new MemberRemoved(Id, A, A, 4, Now)))!.LastSentBy.Keys
            .Should().Equal(B);
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
