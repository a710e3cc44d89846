using Chat.Domain;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class KeyDirectorySpecs
{
    private static readonly Guid Alice = Guid.NewGuid(), Bob = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 13, 0, 0, TimeSpan.Zero);
    private static readonly string IdentityA = Convert.ToBase64String(new byte[32]), IdentityB = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
    private static readonly SignedPreKey Signed = new(1, Convert.ToBase64String(new byte[32]), Convert.ToBase64String(new byte[64]));

    private static PreKey[] OneTime(params int[] ids) => [.. ids.Select(id => new PreKey(id, Convert.ToBase64String(BitConverter.GetBytes(id))))];

    private static PublishKeys Publish(string device, string identity, params int[] oneTimeIds) =>
        new(Alice, device, identity, Signed, OneTime(oneTimeIds), Now);

    private static IReadOnlyList<DeviceKeySet> Given(params object[] events) => events.Aggregate((IReadOnlyList<DeviceKeySet>)[], KeyDirectory.Evolve);

    [Fact]
    public void A_publish_adds_one_time_prekeys_and_one_with_the_same_identity_keeps_the_earlier_ones()
    {
        var first = KeyDirectory.Publish(Publish("phone", IdentityA, 1, 2), []);
        var state = Given(first, KeyDirectory.Publish(Publish("phone", IdentityA, 3), Given(first)));
        state.Single().OneTimePreKeys.Select(k => k.KeyId).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_new_identity_key_drops_the_old_installations_one_time_prekeys()
    {
        var first = KeyDirectory.Publish(Publish("phone", IdentityA, 1, 2), []);
        var state = Given(first, KeyDirectory.Publish(Publish("phone", IdentityB, 9), Given(first)));
        state.Single().IdentityKey.Should().Be(IdentityB);
        state.Single().OneTimePreKeys.Select(k => k.KeyId).Should().Equal(9);
    }

    [Fact]
    public void A_claim_takes_one_one_time_prekey_per_device_and_none_once_they_are_gone()
    {
        var state = Given(KeyDirectory.Publish(Publish("phone", IdentityA, 1, 2), []), KeyDirectory.Publish(Publish("laptop", IdentityB, 5), []));
        var claim = KeyDirectory.Claim(Alice, Bob, state, Now)!;
        claim.Claims.Should().BeEquivalentTo([new DeviceKeyClaim("phone", 1), new DeviceKeyClaim("laptop", 5)]);

        state = KeyDirectory.Evolve(state, claim);
        KeyDirectory.Claim(Alice, Bob, state, Now)!.Claims.Should().Equal(new DeviceKeyClaim("phone", 2));
        state = KeyDirectory.Evolve(state, KeyDirectory.Claim(Alice, Bob, state, Now)!);
        KeyDirectory.Claim(Alice, Bob, state, Now).Should().BeNull("no device has a one-time prekey left: the signed prekeys serve alone");
    }

    [Fact]
    public void A_removed_device_leaves_the_directory() =>
        Given(KeyDirectory.Publish(Publish("phone", IdentityA, 1), []), new DeviceRemoved(Alice, "phone", Now)).Should().BeEmpty();

    [Theory]
    [InlineData("not base64!", "identityKey")]
    [InlineData("", "identityKey")]
    public void Keys_must_be_base64(string identity, string field) =>
        FluentActions.Invoking(() => KeyDirectory.Publish(Publish("phone", identity), []))
            .Should().Throw<DomainError>().Where(e => e.Code == ErrorCodes.Validation && e.Field == field);

    [Fact]
    public void One_time_prekeys_need_their_own_ids_and_stay_within_the_limits()
    {
        FluentActions.Invoking(() => KeyDirectory.Publish(Publish("phone", IdentityA, 1, 1), [])).Should().Throw<DomainError>().Where(e => e.Field == "oneTimePreKeys");
        FluentActions.Invoking(() => KeyDirectory.Publish(Publish("phone", IdentityA, [.. Enumerable.Range(0, 101)]), []))
            .Should().Throw<DomainError>().Where(e => e.Field == "oneTimePreKeys");
        var full = Given(KeyDirectory.Publish(Publish("phone", IdentityA, [.. Enumerable.Range(0, 100)]), []),
            KeyDirectory.Publish(Publish("phone", IdentityA, [.. Enumerable.Range(100, 100)]), []));
        full.Single().OneTimePreKeys.Should().HaveCount(KeyDirectory.MaxOneTimePreKeysPerDevice);
        FluentActions.Invoking(() => KeyDirectory.Publish(Publish("phone", IdentityA, 500), full)).Should().Throw<DomainError>().Where(e => e.Field == "oneTimePreKeys");
    }
}
