using System.Net.Http.Json;
using System.Text.Json;
using Chat.Client;
using Chat.Domain.Users;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Chat.Projections.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

public class AccountTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Register_then_sign_in_and_the_password_is_stored_only_as_a_hash()
    {
        var api = server.NewApi();
        var username = $"u{Guid.NewGuid():N}"[..20];
        var user = await api.Register(username, "a-long-password", "Display Name");
        user.Username.Should().Be(username);
        user.DisplayName.Should().Be("Display Name");

        var token = await api.SignIn(username.ToUpperInvariant(), "a-long-password");
        token.UserId.Should().Be(user.UserId);
        token.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);

        await using var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var account = await session.LoadAsync<UserAccount>(user.UserId);
        account!.PasswordHash.Should().NotContain("a-long-password").And.NotBeNullOrWhiteSpace();
        var events = await session.Events.FetchStreamAsync(user.UserId);
        events.Select(e => e.Data.GetType()).Should().Equal(typeof(UserRegistered), typeof(DeviceLinked)); // sign-in linked the default device
        events.Should().AllSatisfy(e => JsonOf(e.Data).Should().NotContain("a-long-password"));
    }

    [Fact]
    public async Task A_taken_username_is_409_whatever_its_case()
    {
        var username = $"u{Guid.NewGuid():N}"[..20];
        await server.NewApi().Register(username, "a-long-password");
        var error = await FluentActions.Awaiting(() => server.NewApi().Register(username.ToUpperInvariant(), "another-password"))
            .Should().ThrowAsync<ChatApiException>();
        error.Which.Status.Should().Be(409);
        error.Which.Code.Should().Be("conflict");
    }

    [Fact]
    public async Task Wrong_password_or_unknown_user_is_401()
    {
        var username = $"u{Guid.NewGuid():N}"[..20];
        await server.NewApi().Register(username, "a-long-password");
        (await FluentActions.Awaiting(() => server.NewApi().SignIn(username, "wrong-password")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401);
        (await FluentActions.Awaiting(() => server.NewApi().SignIn("nobody-" + username, "a-long-password")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task After_ten_failed_sign_ins_a_username_is_refused_for_a_while_and_others_are_not()
    {
        var username = $"u{Guid.NewGuid():N}"[..20];
        var other = $"u{Guid.NewGuid():N}"[..20];
        await server.NewApi().Register(username, "a-long-password");
        await server.NewApi().Register(other, "a-long-password");
        for (var i = 0; i < 10; i++)
            (await FluentActions.Awaiting(() => server.NewApi().SignIn(username, $"guess-{i}-password")).Should().ThrowAsync<ChatApiException>())
                .Which.Status.Should().Be(401);

        using var http = new HttpClient { BaseAddress = server.Address };
        var refused = await http.PostAsJsonAsync("/api/tokens", new { username = username.ToUpperInvariant(), password = "a-long-password" });
        ((int)refused.StatusCode).Should().Be(429, "even the right password: a guesser must not learn it from the answer");
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("rate_limited");

        (await server.NewApi().SignIn(other, "a-long-password")).AccessToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_password_changes_with_the_current_one_and_wrong_guesses_at_it_are_throttled_like_sign_ins()
    {
        var alice = await server.NewUser("alice");
        await alice.ChangePassword("correct-horse-battery", "a-brand-new-password");
        (await FluentActions.Awaiting(() => server.NewApi().SignIn(alice.Username!, "correct-horse-battery")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401, "the old password is gone");
        (await server.NewApi().SignIn(alice.Username!, "a-brand-new-password")).AccessToken.Should().NotBeNullOrEmpty();
        (await alice.Devices()).Should().NotBeEmpty("the device that changed it stays signed in");

        var tooShort = await FluentActions.Awaiting(() => alice.ChangePassword("a-brand-new-password", "short")).Should().ThrowAsync<ChatApiException>();
        (tooShort.Which.Status, tooShort.Which.Code).Should().Be((400, "validation_failed"));
        tooShort.Which.Body.Should().Contain("newPassword");
        // The sign-in with the old password above was one failure; nine wrong guesses with a token make ten.
        for (var i = 0; i < 9; i++)
        {
            var wrong = await FluentActions.Awaiting(() => alice.ChangePassword($"guess-{i}-password", "another-new-password")).Should().ThrowAsync<ChatApiException>();
            wrong.Which.Body.Should().Contain("currentPassword");
        }
        (await FluentActions.Awaiting(() => alice.ChangePassword("a-brand-new-password", "another-new-password")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(429, "wrong guesses with a token count as failed sign-ins");
        (await FluentActions.Awaiting(() => server.NewApi().SignIn(alice.Username!, "a-brand-new-password")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(429);
    }

    [Fact]
    public async Task A_user_renames_themselves_and_others_see_the_new_name()
    {
        var (alice, bob, _) = await server.NewConversation();
        await alice.ChangeDisplayName("  Alice Liddell ");
        (await bob.User(alice.UserId)).DisplayName.Should().Be("Alice Liddell");
        var empty = await FluentActions.Awaiting(() => alice.ChangeDisplayName(" ")).Should().ThrowAsync<ChatApiException>();
        (empty.Which.Status, empty.Which.Code).Should().Be((400, "validation_failed"));
        (await bob.User(alice.UserId)).DisplayName.Should().Be("Alice Liddell");
    }

    [Fact]
    public async Task Failed_sign_ins_count_across_nodes()
    {
        var username = $"u{Guid.NewGuid():N}"[..20];
        await server.NewApi().Register(username, "a-long-password");
        await using var otherNode = new ChatServer(); // a second process of the same deployment: same database and schema
        await otherNode.InitializeAsync();
        for (var i = 0; i < 10; i++)
            (await FluentActions.Awaiting(() => (i % 2 == 0 ? server : otherNode).NewApi().SignIn(username, $"guess-{i}-password"))
                .Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(401);

        foreach (var node in new[] { server, otherNode })
            (await FluentActions.Awaiting(() => node.NewApi().SignIn(username, "a-long-password")).Should().ThrowAsync<ChatApiException>())
                .Which.Status.Should().Be(429, "five guesses on each node are ten for the username");
    }

    [Fact]
    public async Task A_token_is_refreshed_for_the_same_device_and_a_removed_devices_token_cannot_be()
    {
        var alice = await server.NewUser("alice");
        var phone = server.NewApi();
        var first = await phone.SignIn(alice.Username!, "correct-horse-battery", "phone");
        await Task.Delay(1_100); // a token's times are whole seconds: a refresh a second later expires later

        var refreshed = await phone.RefreshToken();
        refreshed.AccessToken.Should().NotBe(first.AccessToken);
        refreshed.ExpiresAt.Should().BeAfter(first.ExpiresAt);
        (refreshed.UserId, refreshed.DeviceId).Should().Be((alice.UserId, "phone"));
        (await phone.Devices()).Single(d => d.Current).DeviceId.Should().Be("phone", "the fresh token is the phone's");

        await alice.RemoveDevice("phone");
        (await FluentActions.Awaiting(() => phone.RefreshToken()).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(401);
        (await FluentActions.Awaiting(() => server.NewApi().RefreshToken()).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401, "refreshing needs a valid token");
    }

    [Fact]
    public async Task A_user_is_found_by_id_and_by_username_whatever_its_case()
    {
        var username = $"u{Guid.NewGuid():N}"[..20];
        var registered = await server.NewApi().Register(username, "a-long-password", "Found Me");
        var seeker = await server.NewUser("seeker");

        (await seeker.FindUser(username.ToUpperInvariant())).Should().Be(registered);
        (await seeker.User(registered.UserId)).Should().Be(registered);
        (await FluentActions.Awaiting(() => seeker.FindUser("nobody-" + username)).Should().ThrowAsync<ChatApiException>())
            .Which.Code.Should().Be("not_found");
        (await FluentActions.Awaiting(() => seeker.User(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(404);
        (await FluentActions.Awaiting(() => server.NewApi().FindUser(username)).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        (await http.GetStringAsync("/health/live")).Should().Be("Healthy");
        (await http.GetStringAsync("/health/ready")).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_and_the_docs_page_serves_it()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/api/users", "/api/tokens", "/api/conversations/{conversationId}/messages", "/api/groups" })
            openApi.Should().Contain($"\"{route}\"");
        var page = await http.GetAsync("/docs");
        page.IsSuccessStatusCode.Should().BeTrue();
        (await page.Content.ReadAsStringAsync()).Should().Contain("<html");
    }

    private static string JsonOf(object data) => System.Text.Json.JsonSerializer.Serialize(data);
}
