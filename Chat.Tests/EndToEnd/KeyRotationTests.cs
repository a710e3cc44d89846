using System.Security.Cryptography;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Chat.Tests.EndToEnd;

/// <summary>A server signing with <paramref name="key"/> and still accepting tokens of <paramref name="previous"/>.</summary>
public sealed class KeyedChatServer(string key, string? previous = null) : ChatServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Jwt:SigningKey"] = key,
        ["Chat:Jwt:PreviousSigningKeys"] = previous ?? "",
    };
}

/// <summary>Rotating the signing key (docs/deployment.md, "Rotating the signing key") signs nobody out.</summary>
public class KeyRotationTests
{
    [Fact]
    public async Task Tokens_of_the_previous_key_stay_valid_after_a_rotation_until_the_key_is_dropped()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        ChatApi alice;
        string oldToken;
        await using (var before = new KeyedChatServer(oldKey))
        {
            await before.InitializeAsync();
            alice = await before.NewUser("alice");
            oldToken = alice.AccessToken!;
        }

        await using (var rotated = new KeyedChatServer(newKey, previous: oldKey))
        {
            await rotated.InitializeAsync();
            var onRotated = As(rotated, oldToken, alice.UserId);
            (await onRotated.Devices()).Should().ContainSingle("a token of the previous key is still good");
            var fresh = await onRotated.RefreshToken();
            Kid(fresh.AccessToken).Should().NotBe(Kid(oldToken), "new tokens are signed with the new key");

            await using var dropped = new KeyedChatServer(newKey);
            await dropped.InitializeAsync();
            var refused = await FluentActions.Awaiting(() => As(dropped, oldToken, alice.UserId).Devices()).Should().ThrowAsync<ChatApiException>();
            refused.Which.Status.Should().Be(401, "once the previous key is dropped its tokens are not accepted");
            (await As(dropped, fresh.AccessToken, alice.UserId).Devices()).Should().ContainSingle();
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    private static string Kid(string token) => new JsonWebToken(token).Kid;

    private static ChatApi As(ChatServer server, string token, Guid userId)
    {
        var api = server.NewApi();
        api.UseToken(token, userId);
        return api;
    }
}
