using System.Security.Cryptography;
using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>The public-key directory that end-to-end encrypting clients share through the server (docs/protocol.md).</summary>
public class KeyDirectoryTests(ChatServer server) : IClassFixture<ChatServer>
{
    private static string Key(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    private static PublishKeysRequest Keys(string identityKey, params int[] oneTimeIds) =>
        new(identityKey, new SignedPreKeyView(1, Key(), Key(64)), [.. oneTimeIds.Select(id => new PreKeyView(id, Key()))]);

    [Fact]
    public async Task Each_device_publishes_and_each_one_time_prekey_is_handed_out_once_even_to_concurrent_claims()
    {
        var alice = await server.NewUser("alice");
        var phone = await server.OnDevice(alice, "phone");
        var laptop = await server.OnDevice(alice, "laptop");
        var phoneKeys = Keys(Key(), [.. Enumerable.Range(1, 12)]);
        await phone.PublishKeys(phoneKeys);
        await laptop.PublishKeys(Keys(Key(), 100));
        (await phone.MyKeys()).Should().Be(new MyKeysView("phone", true, 12));

        var bob = await server.NewUser("bob");
        var first = await bob.ClaimKeys(alice.UserId);
        first.Devices.Select(d => d.DeviceId).Should().BeEquivalentTo(["phone", "laptop"], "the default device published nothing");
        var phoneBundle = first.Devices.Single(d => d.DeviceId == "phone");
        phoneBundle.IdentityKey.Should().Be(phoneKeys.IdentityKey);
        phoneBundle.SignedPreKey.Should().Be(phoneKeys.SignedPreKey);
        phoneBundle.OneTimePreKey.Should().Be(phoneKeys.OneTimePreKeys![0]);

        // Ten people start sessions with Alice at once: eleven one-time prekeys are left on the phone, and none is given twice.
        var claimers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => server.NewUser($"c{i}")));
        var claims = await Task.WhenAll(claimers.Select(c => c.ClaimKeys(alice.UserId)));
        var handedOut = claims.Append(first).Select(c => c.Devices.Single(d => d.DeviceId == "phone").OneTimePreKey!.KeyId).ToList();
        handedOut.Should().OnlyHaveUniqueItems().And.HaveCount(11);
        (await phone.MyKeys()).OneTimePreKeys.Should().Be(1);
        claims.Concat([first]).Count(c => c.Devices.Single(d => d.DeviceId == "laptop").OneTimePreKey is not null).Should().Be(1,
            "the laptop published one; after it, its signed prekey serves alone");

        await alice.RemoveDevice("laptop");
        (await bob.ClaimKeys(alice.UserId)).Devices.Select(d => d.DeviceId).Should().Equal("phone");
    }

    [Fact]
    public async Task Bad_keys_and_unknown_users_get_clear_errors()
    {
        var alice = await server.NewUser("alice");
        var bad = await FluentActions.Awaiting(() => alice.PublishKeys(new PublishKeysRequest("not base64!", new SignedPreKeyView(1, Key(), Key(64)), null)))
            .Should().ThrowAsync<ChatApiException>();
        (bad.Which.Status, bad.Which.Code).Should().Be((400, "validation_failed"));
        (await FluentActions.Awaiting(() => alice.PublishKeys(new PublishKeysRequest(Key(), null, null))).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(400);
        (await alice.MyKeys()).Should().Be(new MyKeysView("default", false, 0), "nothing was stored");

        (await FluentActions.Awaiting(() => alice.ClaimKeys(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);
        var bob = await server.NewUser("bob");
        (await alice.ClaimKeys(bob.UserId)).Devices.Should().BeEmpty("Bob has published no keys");
    }
}

public sealed class FewClaimsChatServer : ChatServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Chat:Keys:ClaimsPerMinute"] = "3" };
}

public class KeyClaimLimitTests(FewClaimsChatServer server) : IClassFixture<FewClaimsChatServer>
{
    [Fact]
    public async Task A_caller_over_the_claim_limit_gets_429_with_retry_after_and_takes_no_prekey()
    {
        var alice = await server.NewUser("alice");
        await alice.PublishKeys(new PublishKeysRequest(Key(), new SignedPreKeyView(1, Key(), Key(64)), [.. Enumerable.Range(1, 10).Select(id => new PreKeyView(id, Key()))]));
        var bob = await server.NewUser("bob");
        for (var i = 0; i < 3; i++) await bob.ClaimKeys(alice.UserId);

        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", bob.AccessToken);
        using var refused = await http.PostAsync($"/api/users/{alice.UserId}/keys/claim", null);
        ((int)refused.StatusCode).Should().Be(429);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        (await refused.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"rate_limited\"");

        var carol = await server.NewUser("carol");
        (await carol.ClaimKeys(alice.UserId)).Devices.Single().OneTimePreKey.Should().NotBeNull("the limit is per caller");
        (await alice.MyKeys()).OneTimePreKeys.Should().Be(6, "bob's three and carol's one; the refused claim took none");
    }

    private static string Key(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
