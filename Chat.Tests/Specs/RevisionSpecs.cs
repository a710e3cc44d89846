using Chat.Domain;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class RevisionSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), Stranger = Guid.NewGuid();
    private static readonly Guid Direct = ConversationIds.Direct(A, B), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Direct, [A, B], A, Now);
    private static readonly GroupCreated Created = new(Group, "g", A, [A, B, C], Now);

    private static MessageSent Sent(Guid conversation, long sequence, Guid sender) =>
        new(conversation, MessageId(sender, sequence), sender, "c" + sequence, sequence, "hi", Now);

    private static Guid MessageId(Guid sender, long sequence) => ConversationIds.Message(sender, "c" + sequence);

    private static EditMessage Edit(Guid user, Guid message, string body = "hello", DateTimeOffset? at = null) =>
        new(Direct, user, message, body, at ?? Now.AddMinutes(1));

    [Fact]
    public void The_sender_edits_a_message_at_the_next_sequence() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), Sent(Direct, 2, B)).Then(Edit(A, MessageId(A, 1)),
            new MessageEdited(Direct, MessageId(A, 1), A, 3, "hello", Now.AddMinutes(1), Devices.DefaultId));

    [Fact]
    public void An_edit_moves_the_sequence_on_for_the_next_message() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new MessageEdited(Direct, MessageId(A, 1), A, 2, "hello", Now))
            .When(new SendMessage(Direct, B, Guid.NewGuid(), "x", "hi", Now)).Should().ContainSingle()
            .Which.Should().BeOfType<MessageSent>().Which.Sequence.Should().Be(3);

    [Fact]
    public void Only_the_sender_edits() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(Edit(B, MessageId(A, 1)), ErrorCodes.Forbidden);

    [Fact]
    public void An_edit_after_the_window_is_refused() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A))
            .ThenFails(Edit(A, MessageId(A, 1), at: Now + Conversation.EditWindow + TimeSpan.FromSeconds(1)), ErrorCodes.Conflict);

    [Fact]
    public void An_edit_is_checked_like_a_message() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(Edit(A, MessageId(A, 1), ""), ErrorCodes.Validation, "body");

    [Fact]
    public void The_same_edit_again_decides_nothing() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new MessageEdited(Direct, MessageId(A, 1), A, 2, "hello", Now))
            .Then(Edit(A, MessageId(A, 1), "hello"));

    [Fact]
    public void A_deleted_message_cannot_be_edited() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new MessageDeleted(Direct, MessageId(A, 1), A, 2, Now))
            .ThenFails(Edit(A, MessageId(A, 1)), ErrorCodes.Gone);

    [Fact]
    public void An_unknown_message_is_not_found() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(Edit(A, Guid.NewGuid()), ErrorCodes.NotFound);

    [Fact]
    public void A_message_of_another_conversation_is_not_found() =>
        DeciderSpec.Given(Opened, Sent(Group, 1, A)).ThenFails(Edit(A, MessageId(A, 1)), ErrorCodes.NotFound);

    [Fact]
    public void A_stranger_cannot_delete() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(new DeleteMessage(Direct, Stranger, MessageId(A, 1), Now), ErrorCodes.Forbidden);

    [Fact]
    public void The_sender_deletes_for_everyone_at_any_age() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).Then(new DeleteMessage(Direct, A, MessageId(A, 1), Now.AddDays(30), "phone"),
            new MessageDeleted(Direct, MessageId(A, 1), A, 2, Now.AddDays(30), "phone"));

    [Fact]
    public void The_other_member_of_a_direct_conversation_cannot_delete() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(new DeleteMessage(Direct, B, MessageId(A, 1), Now), ErrorCodes.Forbidden);

    [Fact]
    public void A_group_admin_deletes_a_members_message() =>
        DeciderSpec.Given(Created, Sent(Group, 1, B)).Then(new DeleteMessage(Group, A, MessageId(B, 1), Now),
            new MessageDeleted(Group, MessageId(B, 1), A, 2, Now, Devices.DefaultId));

    [Fact]
    public void A_group_member_cannot_delete_anothers_message() =>
        DeciderSpec.Given(Created, Sent(Group, 1, B)).ThenFails(new DeleteMessage(Group, C, MessageId(B, 1), Now), ErrorCodes.Forbidden);

    [Fact]
    public void Deleting_again_decides_nothing() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new MessageDeleted(Direct, MessageId(A, 1), A, 2, Now))
            .Then(new DeleteMessage(Direct, A, MessageId(A, 1), Now));

    [Fact]
    public void A_member_who_joined_later_cannot_delete_what_came_before() =>
        DeciderSpec.Given(Created, Sent(Group, 1, B), new MembersAdded(Group, [Stranger], A, 1, Now), new AdminPromoted(Group, Stranger, A, Now))
            .ThenFails(new DeleteMessage(Group, Stranger, MessageId(B, 1), Now), ErrorCodes.NotFound);

    [Fact]
    public void Any_member_reacts_and_reacting_again_replaces_it_at_a_new_sequence() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new ReactionChanged(Direct, MessageId(A, 1), B, 2, "\U0001F44D", Now))
            .Then(new ReactToMessage(Direct, B, MessageId(A, 1), "\u2764\uFE0F", Now, "phone"),
                new ReactionChanged(Direct, MessageId(A, 1), B, 3, "\u2764\uFE0F", Now, "phone"));

    [Fact]
    public void The_same_reaction_again_or_taking_back_none_decides_nothing()
    {
        var spec = DeciderSpec.Given(Opened, Sent(Direct, 1, A), new ReactionChanged(Direct, MessageId(A, 1), B, 2, "\U0001F44D", Now));
        spec.Then(new ReactToMessage(Direct, B, MessageId(A, 1), "\U0001F44D", Now));
        spec.Then(new ReactToMessage(Direct, A, MessageId(A, 1), null, Now));
        spec.Then(new ReactToMessage(Direct, B, MessageId(A, 1), null, Now), new ReactionChanged(Direct, MessageId(A, 1), B, 3, null, Now, Devices.DefaultId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ok")]
    [InlineData("a")]
    [InlineData("\U0001F44D\U0001F44D")]
    public void A_reaction_is_one_emoji(string emoji) =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(new ReactToMessage(Direct, B, MessageId(A, 1), emoji, Now), ErrorCodes.Validation, "emoji");

    [Fact]
    public void A_family_emoji_of_several_code_points_is_one_reaction() =>
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).When(new ReactToMessage(Direct, B, MessageId(A, 1), "\U0001F468\u200D\U0001F469\u200D\U0001F467", Now))
            .Should().ContainSingle();

    [Fact]
    public void A_deleted_message_takes_no_reaction_and_a_stranger_none_at_all()
    {
        DeciderSpec.Given(Opened, Sent(Direct, 1, A), new MessageDeleted(Direct, MessageId(A, 1), A, 2, Now))
            .ThenFails(new ReactToMessage(Direct, B, MessageId(A, 1), "\U0001F44D", Now), ErrorCodes.Gone);
        DeciderSpec.Given(Opened, Sent(Direct, 1, A)).ThenFails(new ReactToMessage(Direct, Stranger, MessageId(A, 1), "\U0001F44D", Now), ErrorCodes.Forbidden);
    }
}
