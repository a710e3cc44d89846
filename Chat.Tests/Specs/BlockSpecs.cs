using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class BlockSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();
    private static readonly Guid Direct = ConversationIds.Direct(A, B), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 20, 0, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Direct, [A, B], A, Now);
    private static readonly UserBlocked ABlocksB = new(Direct, A, B, Now);
    private static readonly MessageSent FromB = new(Direct, ConversationIds.Message(B, "1"), B, "1", 1, "hi", Now);

    private static SendMessage Send(Guid sender) => new(Direct, sender, Guid.NewGuid(), "c", "hello", Now);

    [Fact]
    public void A_member_blocks_the_other() =>
        DeciderSpec.Given(Opened).Then(new SetBlocked(Direct, A, true, Now), new UserBlocked(Direct, A, B, Now));

    [Fact]
    public void The_blocked_member_cannot_send() =>
        DeciderSpec.Given(Opened, ABlocksB).ThenFails(Send(B), ErrorCodes.Blocked);

    [Fact]
    public void The_member_who_blocked_cannot_send_either() =>
        DeciderSpec.Given(Opened, ABlocksB).ThenFails(Send(A), ErrorCodes.Blocked);

    [Fact]
    public void The_blocked_member_cannot_edit_or_react()
    {
        var spec = DeciderSpec.Given(Opened, FromB, ABlocksB);
        spec.ThenFails(new EditMessage(Direct, B, FromB.MessageId, "changed", Now), ErrorCodes.Blocked);
        spec.ThenFails(new ReactToMessage(Direct, B, FromB.MessageId, "👍", Now), ErrorCodes.Blocked);
    }

    [Fact]
    public void The_blocked_member_still_deletes_their_own_message() =>
        DeciderSpec.Given(Opened, FromB, ABlocksB).When(new DeleteMessage(Direct, B, FromB.MessageId, Now))
            .Should().ContainSingle().Which.Should().BeOfType<MessageDeleted>();

    [Fact]
    public void Receipts_go_on_while_blocked() =>
        DeciderSpec.Given(Opened, FromB, ABlocksB).When(new MarkRead(Direct, A, 1, Now))
            .Should().ContainSingle().Which.Should().BeOfType<MessagesRead>();

    [Fact]
    public void Blocking_again_decides_nothing() =>
        DeciderSpec.Given(Opened, ABlocksB).Then(new SetBlocked(Direct, A, true, Now));

    [Fact]
    public void Lifting_a_block_that_is_not_there_decides_nothing() =>
        DeciderSpec.Given(Opened).Then(new SetBlocked(Direct, A, false, Now));

    [Fact]
    public void Lifting_the_block_lets_both_send_again() =>
        DeciderSpec.Given(Opened, ABlocksB, new UserUnblocked(Direct, A, B, Now)).When(Send(B))
            .Should().ContainSingle().Which.Should().BeOfType<MessageSent>();

    [Fact]
    public void Only_the_member_who_blocked_lifts_their_block() =>
        DeciderSpec.Given(Opened, ABlocksB).Then(new SetBlocked(Direct, B, false, Now));

    [Fact]
    public void Each_member_lifts_only_their_own_block() =>
        DeciderSpec.Given(Opened, ABlocksB, new UserBlocked(Direct, B, A, Now), new UserUnblocked(Direct, A, B, Now))
            .ThenFails(Send(A), ErrorCodes.Blocked);

    [Fact]
    public void A_group_cannot_be_blocked() =>
        DeciderSpec.Given(new GroupCreated(Group, "g", A, [A, B, C], Now))
            .ThenFails(new SetBlocked(Group, A, true, Now), ErrorCodes.Validation, "conversationId");
}
