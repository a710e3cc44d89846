using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class GroupSpecs
{
    private static readonly Guid Admin = Guid.NewGuid(), Alice = Guid.NewGuid(), Bob = Guid.NewGuid(), Carol = Guid.NewGuid();
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly GroupCreated Created = new(Id, "Team", Admin, [Admin, Alice, Bob], Now);

    private static MessageSent Sent(long sequence, Guid sender) =>
        new(Id, Guid.NewGuid(), sender, "c" + sequence, sequence, "hi", Now);

    [Fact]
    public void Creating_puts_the_creator_first_as_admin_and_drops_duplicates()
    {
        var e = Conversation.StartGroup(new CreateGroup(Id, Admin, " Team ", [Alice, Bob, Alice, Admin], 1024, Now));
        (e.ConversationId, e.Title, e.CreatedBy, e.At).Should().Be((Id, "Team", Admin, Now));
        e.MemberIds.Should().Equal(Admin, Alice, Bob);
        var state = Conversation.Evolve(null, e)!;
        state.FindMember(Admin)!.Role.Should().Be(MemberRole.Admin);
        state.FindMember(Alice)!.Role.Should().Be(MemberRole.Member);
    }

    [Fact]
    public void A_group_cannot_start_over_the_member_limit() =>
        FluentActions.Invoking(() => Conversation.StartGroup(new CreateGroup(Id, Admin, "Team", [Alice, Bob], 2, Now)))
            .Should().Throw<DomainError>().Which.Field.Should().Be("memberIds");

    [Fact]
    public void An_admin_adds_members_who_see_from_the_current_sequence_on() =>
        DeciderSpec.Given(Created, Sent(1, Alice), Sent(2, Bob)).Then(new AddMembers(Id, Admin, [Carol, Alice], 1024, Now),
            new MembersAdded(Id, [Carol], Admin, 2, Now));

    [Fact]
    public void A_new_member_joins_after_the_sequence_of_the_addition()
    {
        var state = new object[] { Created, Sent(1, Alice), new MembersAdded(Id, [Carol], Admin, 1, Now) }
            .Aggregate((Conversation?)null, Conversation.Evolve)!;
        state.FindMember(Carol).Should().Be(new Member(Carol, 1, 1, MemberRole.Member, 1));
    }

    [Fact]
    public void A_receipt_in_a_group_is_for_the_current_members_who_sent_after_the_readers_previous_watermark()
    {
        var state = new object[] { Created, Sent(1, Admin), Sent(2, Alice), Sent(3, Alice) }.Aggregate((Conversation?)null, Conversation.Evolve)!;
        state.ReceiptAudience(Bob, previousUpTo: 0).Should().BeEquivalentTo([Admin, Alice]);
        state.ReceiptAudience(Bob, previousUpTo: 1).Should().Equal(Alice);
        state.ReceiptAudience(Alice, previousUpTo: 0).Should().Equal([Admin], "not the reader herself");
        Conversation.Evolve(state, new MemberRemoved(Id, Alice, Admin, 3, Now))!.ReceiptAudience(Bob, previousUpTo: 1)
            .Should().BeEmpty("a removed member hears no more receipts");
    }

    [Fact]
    public void A_member_who_is_not_an_admin_cannot_add_remove_rename_or_promote()
    {
        var spec = DeciderSpec.Given(Created);
        spec.ThenFails(new AddMembers(Id, Alice, [Carol], 1024, Now), ErrorCodes.Forbidden);
        spec.ThenFails(new RemoveMember(Id, Alice, Bob, Now), ErrorCodes.Forbidden);
        spec.ThenFails(new RenameGroup(Id, Alice, "Mine", Now), ErrorCodes.Forbidden);
        spec.ThenFails(new SetAdmin(Id, Alice, Alice, true, Now), ErrorCodes.Forbidden);
    }

    [Fact]
    public void The_member_limit_holds_when_adding() =>
        DeciderSpec.Given(Created).ThenFails(new AddMembers(Id, Admin, [Carol], 3, Now), ErrorCodes.Validation, "userIds");

    [Fact]
    public void Anyone_can_leave() =>
        DeciderSpec.Given(Created, Sent(1, Bob)).Then(new RemoveMember(Id, Alice, Alice, Now), new MemberRemoved(Id, Alice, Alice, 1, Now));

    [Fact]
    public void When_the_last_admin_leaves_the_longest_standing_member_takes_over() =>
        DeciderSpec.Given(Created).Then(new RemoveMember(Id, Admin, Admin, Now),
            new MemberRemoved(Id, Admin, Admin, 0, Now), new AdminPromoted(Id, Alice, Admin, Now));

    [Fact]
    public void The_last_admin_cannot_be_demoted() =>
        DeciderSpec.Given(Created).ThenFails(new SetAdmin(Id, Admin, Admin, false, Now), ErrorCodes.Validation);

    [Fact]
    public void A_removed_member_can_no_longer_send() =>
        DeciderSpec.Given(Created, new MemberRemoved(Id, Bob, Admin, 0, Now))
            .ThenFails(new SendMessage(Id, Bob, Guid.NewGuid(), "x", "hi", Now), ErrorCodes.Forbidden);

    [Fact]
    public void Renaming_needs_a_title_of_one_to_a_hundred_characters()
    {
        DeciderSpec.Given(Created).Then(new RenameGroup(Id, Admin, " New ", Now), new GroupRenamed(Id, "New", Admin, Now));
        DeciderSpec.Given(Created).ThenFails(new RenameGroup(Id, Admin, new string('x', 101), Now), ErrorCodes.Validation, "title");
    }

    [Fact]
    public void A_direct_conversation_has_no_group_operations() =>
        DeciderSpec.Given(new DirectConversationOpened(Id, [Alice, Bob], Alice, Now))
            .ThenFails(new RenameGroup(Id, Alice, "x", Now), ErrorCodes.Validation);
}
