using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>A deleted account leaves its conversations (docs/adr/0019-account-deletion.md).</summary>
public class DeletedAccountSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();
    private static readonly Guid Direct = ConversationIds.Direct(A, B), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Direct, [A, B], A, Now);
    private static readonly MessageSent FromB = new(Direct, ConversationIds.Message(B, "1"), B, "1", 1, "hi", Now);
    private static readonly MemberRemoved ALeftDirect = new(Direct, A, A, 1, Now);

    [Fact]
    public void The_deleted_account_leaves_a_direct_conversation() =>
        DeciderSpec.Given(Opened, FromB).Then(new RemoveDeletedAccount(Direct, A, Now), ALeftDirect);

    [Fact]
    public void Leaving_again_decides_nothing() =>
        DeciderSpec.Given(Opened, FromB, ALeftDirect).Then(new RemoveDeletedAccount(Direct, A, Now));

    [Fact]
    public void The_other_member_can_no_longer_write_there_but_keeps_the_history_and_deletes_their_messages()
    {
        var spec = DeciderSpec.Given(Opened, FromB, ALeftDirect);
        spec.ThenFails(new SendMessage(Direct, B, Guid.NewGuid(), "2", "anyone there?", Now), ErrorCodes.Gone);
        spec.ThenFails(new EditMessage(Direct, B, FromB.MessageId, "changed", Now), ErrorCodes.Gone);
        spec.ThenFails(new ReactToMessage(Direct, B, FromB.MessageId, "👍", Now), ErrorCodes.Gone);
        spec.ThenFails(new SetBlocked(Direct, B, true, Now), ErrorCodes.Gone);
        spec.When(new DeleteMessage(Direct, B, FromB.MessageId, Now)).Should().ContainSingle().Which.Should().BeOfType<MessageDeleted>();
        spec.When(new MarkRead(Direct, B, 1, Now)).Should().ContainSingle().Which.Should().BeOfType<MessagesRead>();
    }

    [Fact]
    public void The_last_admin_of_a_group_leaving_passes_the_role_on() =>
        DeciderSpec.Given(new GroupCreated(Group, "Team", A, [A, B, C], Now))
            .Then(new RemoveDeletedAccount(Group, A, Now), new MemberRemoved(Group, A, A, 0, Now), new AdminPromoted(Group, B, A, Now));

    [Fact]
    public void A_member_of_a_group_leaves_it() =>
        DeciderSpec.Given(new GroupCreated(Group, "Team", A, [A, B, C], Now))
            .Then(new RemoveDeletedAccount(Group, C, Now), new MemberRemoved(Group, C, C, 0, Now));
}
