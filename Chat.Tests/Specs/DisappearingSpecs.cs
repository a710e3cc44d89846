using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class DisappearingSpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly Guid Direct = ConversationIds.Direct(A, B), Group = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);
    private static readonly DirectConversationOpened Opened = new(Direct, [A, B], A, Now);
    private static readonly DisappearingTimerSet OneHour = new(Direct, 3600, A, Now);
    private static readonly MessageSent Disappearing = new(Direct, ConversationIds.Message(B, "1"), B, "1", 1, "hi", Now, ExpiresAt: Now.AddHours(1));

    private static MessageSent SentBy(Guid sender, DateTimeOffset at) =>
        DeciderSpec.Given(Opened, OneHour).When(new SendMessage(Direct, sender, Guid.NewGuid(), "c", "hello", at)).OfType<MessageSent>().Single();

    [Fact]
    public void Either_member_of_a_direct_conversation_sets_the_timer() =>
        DeciderSpec.Given(Opened).Then(new SetDisappearingTimer(Direct, B, 3600, Now), new DisappearingTimerSet(Direct, 3600, B, Now));

    [Fact]
    public void A_message_sent_with_the_timer_on_expires_that_long_after_sending() =>
        SentBy(A, Now.AddMinutes(5)).ExpiresAt.Should().Be(Now.AddMinutes(65));

    [Fact]
    public void A_message_sent_after_the_timer_is_turned_off_does_not_expire() =>
        DeciderSpec.Given(Opened, OneHour, new DisappearingTimerSet(Direct, null, B, Now))
            .When(new SendMessage(Direct, A, Guid.NewGuid(), "c", "hello", Now)).OfType<MessageSent>().Single().ExpiresAt.Should().BeNull();

    [Fact]
    public void The_same_timer_again_decides_nothing() =>
        DeciderSpec.Given(Opened, OneHour).Then(new SetDisappearingTimer(Direct, B, 3600, Now));

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(Conversation.MaxDisappearAfterSeconds + 1)]
    public void A_timer_outside_one_second_to_ninety_days_is_refused(long seconds) =>
        DeciderSpec.Given(Opened).ThenFails(new SetDisappearingTimer(Direct, A, seconds, Now), ErrorCodes.Validation, "afterSeconds");

    [Fact]
    public void Only_an_admin_sets_a_groups_timer()
    {
        var spec = DeciderSpec.Given(new GroupCreated(Group, "g", A, [A, B], Now));
        spec.ThenFails(new SetDisappearingTimer(Group, B, 60, Now), ErrorCodes.Forbidden);
        spec.Then(new SetDisappearingTimer(Group, A, 60, Now), new DisappearingTimerSet(Group, 60, A, Now));
    }

    [Fact]
    public void A_message_whose_time_has_come_is_deleted_for_everyone_by_nobody_at_the_next_sequence() =>
        DeciderSpec.Given(Opened, OneHour, Disappearing).Then(new ExpireMessage(Direct, Disappearing.MessageId, Now.AddHours(1)),
            new MessageDeleted(Direct, Disappearing.MessageId, Guid.Empty, 2, Now.AddHours(1)));

    [Fact]
    public void A_message_is_not_deleted_before_its_time() =>
        DeciderSpec.Given(Opened, OneHour, Disappearing).Then(new ExpireMessage(Direct, Disappearing.MessageId, Now.AddMinutes(59)));

    [Fact]
    public void A_message_already_deleted_or_without_a_timer_is_left_as_it_is()
    {
        var deleted = new MessageDeleted(Direct, Disappearing.MessageId, B, 2, Now);
        DeciderSpec.Given(Opened, OneHour, Disappearing, deleted).Then(new ExpireMessage(Direct, Disappearing.MessageId, Now.AddHours(2)));
        var lasting = Disappearing with { ExpiresAt = null };
        DeciderSpec.Given(Opened, lasting).Then(new ExpireMessage(Direct, lasting.MessageId, Now.AddDays(365)));
    }
}
