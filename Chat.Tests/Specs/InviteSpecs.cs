using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Group invite links (docs/adr/0021-group-invite-links.md).</summary>
public class InviteSpecs
{
    private static readonly Guid Admin = Guid.NewGuid(), Member = Guid.NewGuid(), Stranger = Guid.NewGuid(), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly GroupCreated Created = new(Group, "Team", Admin, [Admin, Member], Now);
    private static readonly string Code = InviteLinks.New(Group);
    private static readonly GroupInviteLinkSet LinkSet = new(Group, Code, Admin, Now);

    [Fact]
    public void A_code_names_its_group_and_is_new_every_time()
    {
        InviteLinks.ConversationOf(Code).Should().Be(Group);
        Code.Should().HaveLength(43).And.NotBe(InviteLinks.New(Group));
        foreach (var bad in new[] { null, "", "short", Code + "x", Code[..42] + "!" })
            FluentActions.Invoking(() => InviteLinks.ConversationOf(bad)).Should().Throw<DomainError>().Which.Code.Should().Be(ErrorCodes.NotFound);
    }

    [Fact]
    public void Only_an_admin_sets_the_link_and_setting_the_same_one_again_decides_nothing()
    {
        DeciderSpec.Given(Created).Then(new ResetInviteLink(Group, Admin, Code, Now), LinkSet);
        DeciderSpec.Given(Created).ThenFails(new ResetInviteLink(Group, Member, Code, Now), ErrorCodes.Forbidden);
        DeciderSpec.Given(Created, LinkSet).Then(new ResetInviteLink(Group, Admin, Code, Now));
    }

    [Fact]
    public void Anyone_holding_the_current_link_joins_and_sees_the_group_from_then_on() =>
        DeciderSpec.Given(Created, LinkSet, new MessageSent(Group, Guid.NewGuid(), Admin, "c1", 1, "before", Now))
            .Then(new JoinByInvite(Group, Stranger, Code, 1_024, Now), new MembersAdded(Group, [Stranger], Stranger, 1, Now));

    [Fact]
    public void A_member_joining_again_changes_nothing() =>
        DeciderSpec.Given(Created, LinkSet).Then(new JoinByInvite(Group, Member, Code, 1_024, Now));

    [Fact]
    public void A_reset_or_revoked_link_no_longer_lets_anyone_in()
    {
        var newer = InviteLinks.New(Group);
        DeciderSpec.Given(Created, LinkSet, new GroupInviteLinkSet(Group, newer, Admin, Now))
            .ThenFails(new JoinByInvite(Group, Stranger, Code, 1_024, Now), ErrorCodes.NotFound);
        DeciderSpec.Given(Created, LinkSet, new GroupInviteLinkRevoked(Group, Admin, Now))
            .ThenFails(new JoinByInvite(Group, Stranger, Code, 1_024, Now), ErrorCodes.NotFound);
        DeciderSpec.Given(Created).ThenFails(new JoinByInvite(Group, Stranger, Code, 1_024, Now), ErrorCodes.NotFound);
    }

    [Fact]
    public void A_link_with_an_expiry_lets_people_in_until_then_and_after_it_says_it_expired()
    {
        var expiring = new GroupInviteLinkSet(Group, Code, Admin, Now, Now.AddHours(1));
        DeciderSpec.Given(Created).Then(new ResetInviteLink(Group, Admin, Code, Now, Now.AddHours(1)), expiring);
        DeciderSpec.Given(Created, expiring).Then(new JoinByInvite(Group, Stranger, Code, 1_024, Now.AddMinutes(59)),
            new MembersAdded(Group, [Stranger], Stranger, 0, Now.AddMinutes(59)));
        DeciderSpec.Given(Created, expiring).ThenFails(new JoinByInvite(Group, Stranger, Code, 1_024, Now.AddHours(1)), ErrorCodes.Gone);
        DeciderSpec.Given(Created, expiring, LinkSet).Then(new JoinByInvite(Group, Stranger, Code, 1_024, Now.AddDays(400)),
            new MembersAdded(Group, [Stranger], Stranger, 0, Now.AddDays(400)));
    }

    [Fact]
    public void An_expiry_is_one_second_to_thirty_days_or_none()
    {
        InviteLinks.ExpiryOf(null, Now).Should().BeNull();
        InviteLinks.ExpiryOf(1, Now).Should().Be(Now.AddSeconds(1));
        InviteLinks.ExpiryOf(30 * 86_400, Now).Should().Be(Now.AddDays(30));
        foreach (var bad in new long[] { 0, -5, 30 * 86_400 + 1 })
            FluentActions.Invoking(() => InviteLinks.ExpiryOf(bad, Now)).Should().Throw<DomainError>().Which.Field.Should().Be("expiresInSeconds");
    }

    [Fact]
    public void Revoking_when_there_is_no_link_decides_nothing() =>
        DeciderSpec.Given(Created).Then(new RevokeInviteLink(Group, Admin, Now));

    [Fact]
    public void A_full_group_takes_no_one_more() =>
        DeciderSpec.Given(Created, LinkSet).ThenFails(new JoinByInvite(Group, Stranger, Code, 2, Now), ErrorCodes.Validation, "code");

    [Fact]
    public void A_direct_conversation_has_no_invite_link()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var direct = ConversationIds.Direct(a, b);
        DeciderSpec.Given(new DirectConversationOpened(direct, [a, b], a, Now))
            .ThenFails(new JoinByInvite(direct, Stranger, InviteLinks.New(direct), 1_024, Now), ErrorCodes.NotFound);
    }
}
