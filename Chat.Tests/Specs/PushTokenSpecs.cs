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

        PushTokens.Due(message, members, targets, connected, Now.AddSeconds(1)).Should().Equal(new PushDue(Bob, new("phone", "fcm", "b1"), message));
        PushTokens.Due(message, members, targets, connected, Now + PushTokens.MaxAge).Should().BeEmpty(
            "a notification that late is noise: the daemon catching up after an outage, or a first start on old history");
    }
}
