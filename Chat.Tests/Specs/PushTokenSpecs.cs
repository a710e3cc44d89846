using Chat.Domain;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class PushTokenSpecs
{
    private static readonly Guid Alice = Guid.NewGuid(), Bob = Guid.NewGuid(), Carol = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<PushTarget> Given(params object[] events) => events.Aggregate((IReadOnlyList<PushTarget>)[], PushTokens.Evolve);

    private static PushTokenRegistered Registered(string device, string token) => new(Bob, device, "fcm", token, Now);

    [Fact]
    public void A_device_has_one_token_registering_the_same_again_records_nothing_and_removing_the_device_drops_it()
    {
        var state = Given(Registered("phone", "t1"));
        PushTokens.Register(new RegisterPushToken(Bob, "phone", "fcm", "t1", Now), state).Should().BeNull();
        var replaced = PushTokens.Register(new RegisterPushToken(Bob, "phone", "fcm", "t2", Now), state)!;
        Given(Registered("phone", "t1"), replaced, Registered("tablet", "t3")).Should().Equal(
            new PushTarget("phone", "fcm", "t2"), new PushTarget("tablet", "fcm", "t3"));
        Given(Registered("phone", "t1"), new DeviceRemoved(Bob, "phone", Now)).Should().BeEmpty();
        PushTokens.Remove(Bob, "tablet", state, Now).Should().BeNull("nothing to remove is no error");
    }

    [Fact]
    public void A_rejected_token_is_removed_only_while_the_device_still_has_it()
    {
        var rejected = new PushTarget("phone", "fcm", "t1");
        PushTokens.Forget(Bob, rejected, Given(Registered("phone", "t1")), Now).Should().Be(new PushTokenRemoved(Bob, "phone", Now));
        PushTokens.Forget(Bob, rejected, Given(Registered("phone", "t1"), Registered("phone", "t2")), Now).Should().BeNull(
            "the app registered a new token since");
    }

    [Fact]
    public void Bad_platforms_and_tokens_are_refused_by_field()
    {
        foreach (var (platform, token, field) in new[] { (null, "t", "platform"), ("APNS", "t", "platform"), ("fcm", " ", "token"), ("fcm", "a\nb", "token") })
        {
            var error = FluentActions.Invoking(() => PushTokens.Register(new RegisterPushToken(Bob, "phone", platform, token, Now), []))
                .Should().Throw<DomainError>().Which;
            (error.Code, error.Field).Should().Be((ErrorCodes.Validation, field));
        }
    }

    [Fact]
    public void A_message_wakes_the_disconnected_devices_of_the_members_it_was_for()
    {
        var message = new MessageSent(Guid.NewGuid(), Guid.NewGuid(), Alice, "c1", Sequence: 5, "ciphertext", Now);
        var targets = new Dictionary<Guid, IReadOnlyList<PushTarget>>
        {
            [Alice] = [new("phone", "fcm", "a")],
            [Bob] = [new("phone", "fcm", "b1"), new("tablet", "apns", "b2")],
            [Carol] = [new("phone", "fcm", "c")],
        };
        var members = new[] { (Alice, 0L), (Bob, 0L), (Carol, 5L) }; // Carol joined after message 5
        var connected = new HashSet<(Guid, string)> { (Bob, "tablet") };

        PushTokens.Due(message, members, new PushAudience(targets, NoMutes, connected), Now.AddSeconds(1)).Should().Equal(new PushDue(Bob, new("phone", "fcm", "b1"), message));
        PushTokens.Due(message, members, new PushAudience(targets, NoMutes, connected), Now + PushTokens.MaxAge).Should().BeEmpty(
            "a notification that late is noise: the daemon catching up after an outage, or a first start on old history");
    }

    private static readonly Dictionary<Guid, IReadOnlyDictionary<Guid, DateTimeOffset?>> NoMutes = [];

    [Fact]
    public void A_member_who_muted_the_conversation_is_not_woken_until_the_mute_ends()
    {
        var message = new MessageSent(Guid.NewGuid(), Guid.NewGuid(), Alice, "c1", Sequence: 1, "ciphertext", Now);
        var targets = new Dictionary<Guid, IReadOnlyList<PushTarget>> { [Bob] = [new("phone", "fcm", "b")], [Carol] = [new("phone", "fcm", "c")] };
        var members = new[] { (Alice, 0L), (Bob, 0L), (Carol, 0L) };
        var mutes = new Dictionary<Guid, IReadOnlyDictionary<Guid, DateTimeOffset?>>
        {
            [Bob] = Mutes.Evolve(new Dictionary<Guid, DateTimeOffset?>(), new ConversationMuted(Bob, message.ConversationId, null, Now)),
            [Carol] = Mutes.Evolve(new Dictionary<Guid, DateTimeOffset?>(), new ConversationMuted(Carol, message.ConversationId, Now.AddSeconds(2), Now)),
        };

        PushTokens.Due(message, members, new PushAudience(targets, mutes, new HashSet<(Guid, string)>()), Now.AddSeconds(1)).Should().BeEmpty();
        PushTokens.Due(message, members, new PushAudience(targets, mutes, new HashSet<(Guid, string)>()), Now.AddSeconds(3)).Select(d => d.UserId)
            .Should().Equal([Carol], "Carol's mute ran out; Bob's lasts until he unmutes");
    }

    [Fact]
    public void A_mute_must_end_in_the_future_muting_again_the_same_records_nothing_and_unmuting_what_is_not_muted_is_fine()
    {
        var conversation = Guid.NewGuid();
        FluentActions.Invoking(() => Mutes.Mute(new MuteConversation(Bob, conversation, Now, Now), new Dictionary<Guid, DateTimeOffset?>()))
            .Should().Throw<DomainError>().Which.Field.Should().Be("until");
        var muted = Mutes.Mute(new MuteConversation(Bob, conversation, null, Now), new Dictionary<Guid, DateTimeOffset?>())!;
        var state = Mutes.Evolve(new Dictionary<Guid, DateTimeOffset?>(), muted);
        Mutes.Mute(new MuteConversation(Bob, conversation, null, Now), state).Should().BeNull();
        Mutes.Mute(new MuteConversation(Bob, conversation, Now.AddHours(8), Now), state).Should().NotBeNull("a different end is a change");
        Mutes.Unmute(Bob, conversation, state, Now).Should().Be(new ConversationUnmuted(Bob, conversation, Now));
        Mutes.Unmute(Bob, Guid.NewGuid(), state, Now).Should().BeNull();
    }

    [Fact]
    public void A_reaction_wakes_the_messages_author_unless_they_reacted_themselves_or_it_was_taken_back()
    {
        var conversation = Guid.NewGuid();
        var targets = new Dictionary<Guid, IReadOnlyList<PushTarget>> { [Alice] = [new("phone", "fcm", "a")] };
        var none = new HashSet<(Guid, string)>();
        ReactionChanged Reaction(Guid by, string? emoji) => new(conversation, Guid.NewGuid(), by, 7, emoji, Now);

        PushTokens.Due(Reaction(Bob, "\U0001F44D"), Alice, new PushAudience(targets, NoMutes, none), Now).Select(d => (d.UserId, d.Target.DeviceId))
            .Should().Equal((Alice, "phone"));
        PushTokens.Due(Reaction(Alice, "\U0001F44D"), Alice, new PushAudience(targets, NoMutes, none), Now).Should().BeEmpty("her own reaction");
        PushTokens.Due(Reaction(Bob, null), Alice, new PushAudience(targets, NoMutes, none), Now).Should().BeEmpty("taking one back is no news");
        PushTokens.Due(Reaction(Bob, "\U0001F44D"), Alice, new PushAudience(targets, NoMutes, new HashSet<(Guid, string)> { (Alice, "phone") }), Now)
            .Should().BeEmpty("connected");
        var muted = new Dictionary<Guid, IReadOnlyDictionary<Guid, DateTimeOffset?>> { [Alice] = new Dictionary<Guid, DateTimeOffset?> { [conversation] = null } };
        PushTokens.Due(Reaction(Bob, "\U0001F44D"), Alice, new PushAudience(targets, muted, none), Now).Should().BeEmpty("muted");
    }
}
