using Chat.Domain.Conversations;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Reads with read receipts off (docs/adr/0026-read-receipts-off.md).</summary>
public class ReadReceiptSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();
    private static readonly Guid Direct = ConversationIds.Direct(A, B), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Direct, [A, B], A, Now);
    private static readonly GroupCreated Created = new(Group, "g", A, [A, B, C], Now);

    private static MessageSent FromA(Guid conversationId, long sequence) =>
        new(conversationId, Guid.NewGuid(), A, $"a{sequence}", sequence, "hi", Now);

    private static MessagesRead BRead(long upTo, bool isPrivate) => new(Direct, B, upTo, Now, Devices.DefaultId, isPrivate);

    [Fact]
    public void A_read_with_receipts_off_is_private_in_a_direct_conversation() =>
        DeciderSpec.Given(Opened, FromA(Direct, 1))
            .Then(new MarkRead(Direct, B, 1, Now, Private: true), BRead(1, isPrivate: true));

    [Fact]
    public void A_read_in_a_group_is_shown_whatever_the_setting() =>
        DeciderSpec.Given(Created, FromA(Group, 1))
            .Then(new MarkRead(Group, B, 1, Now, Private: true), new MessagesRead(Group, B, 1, Now, Devices.DefaultId));

    [Fact]
    public void The_others_see_the_read_watermark_where_it_was_before_the_private_reads_and_all_of_it_after_a_shown_one()
    {
        var afterPrivate = Fold(Opened, FromA(Direct, 1), FromA(Direct, 2), FromA(Direct, 3), BRead(1, false), BRead(2, true), BRead(3, true))
            .FindMember(B)!;
        (afterPrivate.ReadUpTo, afterPrivate.ReadUpToShown, afterPrivate.DeliveredUpTo).Should().Be((3L, 1L, 3L),
            "the reader's own devices count it read, the other member sees it delivered");

        var afterShown = Fold(Opened, FromA(Direct, 1), FromA(Direct, 2), FromA(Direct, 3), FromA(Direct, 4), BRead(2, true), BRead(4, false))
            .FindMember(B)!;
        (afterShown.ReadUpTo, afterShown.ReadUpToShown).Should().Be((4L, 4L));
    }

    private static Conversation Fold(params object[] events) => events.Aggregate((Conversation?)null, Conversation.Evolve)!;
}
