using Chat.Domain;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Pinning and archiving (docs/adr/0022-archive-and-pin.md), clearing a chat and deleting a message for oneself (docs/adr/0027-clearing-a-chat.md).</summary>
public class ChatListLayoutSpecs
{
    private static readonly Guid User = Guid.NewGuid(), A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static ChatListLayout After(params object[] events) => events.Aggregate(ChatListLayout.Empty, (layout, e) => layout.Evolve(e));

    [Fact]
    public void Three_conversations_pin_and_a_fourth_is_refused_until_one_is_unpinned()
    {
        var three = After(new ConversationPinned(User, A, Now), new ConversationPinned(User, B, Now), new ConversationPinned(User, C, Now));
        three.Pinned.Should().Equal(A, B, C);
        FluentActions.Invoking(() => three.Pin(User, D, true, Now)).Should().Throw<DomainError>().Which.Code.Should().Be(ErrorCodes.Conflict);
        three.Pin(User, A, true, Now).Should().BeNull("pinning again decides nothing");
        three.Pin(User, B, false, Now).Should().Be(new ConversationUnpinned(User, B, Now));
        three.Evolve(new ConversationUnpinned(User, B, Now)).Pin(User, D, true, Now).Should().Be(new ConversationPinned(User, D, Now));
    }

    [Fact]
    public void Archiving_unpins_and_pinning_takes_out_of_the_archive()
    {
        var archived = After(new ConversationPinned(User, A, Now), new ConversationArchived(User, A, Now));
        (archived.Pinned, archived.Archived).Should().BeEquivalentTo((Array.Empty<Guid>(), new[] { A }));
        archived.Archive(User, A, true, Now).Should().BeNull();
        var pinnedAgain = archived.Evolve(archived.Pin(User, A, true, Now)!);
        (pinnedAgain.Pinned, pinnedAgain.Archived).Should().BeEquivalentTo((new[] { A }, Array.Empty<Guid>()));
        After().Archive(User, A, false, Now).Should().BeNull("taking out what is not in decides nothing");
        After().Pin(User, A, false, Now).Should().BeNull();
    }

    [Fact]
    public void A_chat_clears_up_to_a_sequence_it_has_and_what_was_cleared_stays_cleared()
    {
        After().Clear(User, A, 5, lastSequence: 7, Now).Should().Be(new ChatCleared(User, A, 5, Now));
        var cleared = After(new ChatCleared(User, A, 5, Now));
        (cleared.ClearedUpTo(A), cleared.ClearedUpTo(B)).Should().Be((5L, 0L));
        cleared.Clear(User, A, 5, lastSequence: 7, Now).Should().BeNull("clearing again decides nothing");
        cleared.Clear(User, A, 3, lastSequence: 7, Now).Should().BeNull("what was cleared is not brought back");
        cleared.Evolve(new ChatCleared(User, A, 7, Now)).ClearedUpTo(A).Should().Be(7);
        cleared.Evolve(new ConversationPinned(User, A, Now)).Evolve(new ConversationArchived(User, B, Now)).ClearedUpTo(A)
            .Should().Be(5, "pinning and archiving leave what was cleared");
        var beyond = FluentActions.Invoking(() => cleared.Clear(User, A, 8, lastSequence: 7, Now)).Should().Throw<DomainError>().Which;
        (beyond.Code, beyond.Field).Should().Be((ErrorCodes.Validation, "upToSequence"));
    }

    [Fact]
    public void A_message_deleted_for_oneself_stays_hidden_and_a_later_clear_takes_it_in()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        After().Hide(User, A, first, 4, Now).Should().Be(new MessageHidden(User, A, first, 4, Now));
        var hidden = After(new MessageHidden(User, A, first, 4, Now), new MessageHidden(User, A, second, 9, Now));
        hidden.HiddenIn(A).Should().Equal(4, 9);
        (hidden.Hides(A, 4), hidden.Hides(A, 5), hidden.Hides(B, 4)).Should().Be((true, false, false));
        hidden.Hide(User, A, first, 4, Now).Should().BeNull("deleting again decides nothing");
        After(new ChatCleared(User, A, 5, Now)).Hide(User, A, first, 4, Now).Should().BeNull("a cleared message is not shown already");

        var clearedPast = hidden.Evolve(new ChatCleared(User, A, 6, Now));
        clearedPast.HiddenIn(A).Should().Equal([9], "the clear covers 4, so only 9 is kept apart");
        (clearedPast.Hides(A, 4), clearedPast.Hides(A, 9)).Should().Be((true, true));
        clearedPast.Evolve(new ChatCleared(User, A, 9, Now)).Hidden.Should().BeEmpty();
        hidden.Evolve(new ConversationPinned(User, A, Now)).HiddenIn(A).Should().Equal([4, 9], "pinning leaves what was deleted");
    }

    [Fact]
    public void A_deleted_chat_is_cleared_unpinned_and_off_the_list_until_a_newer_message_and_a_group_is_not_deleted()
    {
        var arranged = After(new ConversationPinned(User, A, Now), new ConversationArchived(User, B, Now), new MessageHidden(User, A, Guid.NewGuid(), 3, Now));
        arranged.Delete(User, A, direct: true, lastSequence: 7, Now).Should().Be(new ChatDeleted(User, A, 7, Now));
        var deleted = arranged.Evolve(new ChatDeleted(User, A, 7, Now));
        (deleted.ClearedUpTo(A), deleted.Pinned.Count, deleted.HiddenIn(A).Length).Should().Be((7L, 0, 0));
        (deleted.IsDeleted(A, 7), deleted.IsDeleted(A, 8), deleted.IsDeleted(B, 0)).Should().Be((true, false, false),
            "listed again once a message past what was cleared comes");
        deleted.Delete(User, A, direct: true, lastSequence: 7, Now).Should().BeNull("deleting again decides nothing");
        deleted.Delete(User, A, direct: true, lastSequence: 9, Now).Should().Be(new ChatDeleted(User, A, 9, Now), "it came back and goes again");
        arranged.Evolve(new ChatDeleted(User, B, 4, Now)).Archived.Should().BeEmpty("a deleted chat leaves the archive too");
        deleted.Evolve(new ChatCleared(User, A, 9, Now)).IsDeleted(A, 9).Should().BeFalse("a chat cleared since is listed, empty");

        var group = FluentActions.Invoking(() => After().Delete(User, C, direct: false, lastSequence: 2, Now)).Should().Throw<DomainError>().Which;
        (group.Code, group.Field).Should().Be((ErrorCodes.Conflict, "conversationId"));
    }
}
