using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.EndToEnd;

/// <summary>Deleting one's account (docs/adr/0019-account-deletion.md).</summary>
public class AccountDeletionTests(ShortGraceChatServer server) : IClassFixture<ShortGraceChatServer>
{
    [Fact]
    public async Task A_deleted_account_signs_in_no_more_leaves_its_conversations_frees_its_username_and_its_personal_data_is_masked()
    {
        var (alice, bob, direct) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var group = await alice.CreateGroup("Team", bob.UserId, carol.UserId);
        await alice.Send(direct, "a1", "hello bob");
        await alice.Send(group, "g1", "hello team");
        await alice.RegisterPushToken("fcm", "alices-secret-token");
        await alice.ChangeDisplayName("Alice Liddell");
        using (var photo = new SkiaSharp.SKBitmap(64, 64))
        using (var jpeg = photo.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 80))
            await alice.SetAvatar(jpeg.ToArray());
        await using var aliceHub = server.Connect(alice);
        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());

        var wrong = (await FluentActions.Awaiting(() => alice.DeleteAccount("not-the-password")).Should().ThrowAsync<ChatApiException>()).Which;
        (wrong.Status, wrong.Code).Should().Be((400, "validation_failed"));
        wrong.Body.Should().Contain("\"errors\":{\"password\"", "the error names the field");
        (await bob.Conversation(group)).Members.Should().Contain(m => m.UserId == alice.UserId, "a refused deletion changes nothing");

        await alice.DeleteAccount("correct-horse-battery");

        (await Eventually.Get(() => aliceHub.State, s => s == HubConnectionState.Disconnected)).Should().Be(HubConnectionState.Disconnected);
        await Refused(() => alice.Conversations(), 401, "unauthorized");
        await Refused(() => server.NewApi().SignIn(alice.Username!, "correct-horse-battery"), 401, "unauthorized");
        await Refused(() => bob.User(alice.UserId), 404, "not_found");
        await Refused(() => bob.ClaimKeys(alice.UserId), 404, "not_found");
        await Refused(() => bob.OpenDirect(alice.UserId), 404, "not_found");
        Directory.Exists(Path.Combine(server.DataDirectory, "avatars", alice.UserId.ToString("N"))).Should().BeFalse("her profile photo went with her");

        var details = await bob.Conversation(group);
        details.Members.Select(m => (m.UserId, m.Role)).Should().BeEquivalentTo([(bob.UserId, "admin"), (carol.UserId, "member")],
            "alice left, and as the group's only admin her role passed to the longest-standing member");
        (await Eventually.Get(() => bobInbox.Updates, u => u.Count >= 2)).Should().Contain(u => u.ConversationId == direct
            && u.Members.Select(m => m.UserId).SequenceEqual(new[] { bob.UserId }), "bob is told the direct conversation has only him now");
        var closed = (await FluentActions.Awaiting(() => bob.Send(direct, "b1", "alice?")).Should().ThrowAsync<ChatApiException>()).Which;
        (closed.Status, closed.Code).Should().Be((410, "gone"));
        (await FluentActions.Awaiting(() => bobHub.Send(direct, "b2", "alice??")).Should().ThrowAsync<HubException>())
            .Which.Message.Should().Contain("gone:");
        (await bob.Messages(direct)).Messages.Select(m => (m.SenderId, m.Body)).Should().Equal([(alice.UserId, "hello bob")],
            "what she sent stays with those she sent it to");
        (await carol.Send(group, "c1", "still here")).Sequence.Should().BeGreaterThan(1);

        var again = await server.NewApi().Register(alice.Username!, "a-new-password", "Someone Else");
        again.UserId.Should().NotBe(alice.UserId, "the username is free for a new account");

        var auditor = await server.Auditor();
        var stream = await Eventually.Get(async () => (await auditor.AuditStream(alice.UserId)).Events,
            e => e.Single(x => x.Type == "user_registered").Data.GetProperty("displayName").GetString() == "", TimeSpan.FromSeconds(30));
        stream.Select(e => e.Type).Should().Contain(["user_registered", "display_name_changed", "device_linked", "push_token_registered", "account_deleted"]);
        stream.Single(e => e.Type == "user_registered").Data.GetProperty("username").GetString().Should().Be($"deleted-{alice.UserId:N}");
        stream.Single(e => e.Type == "display_name_changed").Data.GetProperty("displayName").GetString().Should().BeEmpty();
        stream.Single(e => e.Type == "device_linked").Data.GetProperty("name").GetString().Should().BeEmpty();
        stream.Should().NotContain(e => e.Data.GetRawText().Contains(alice.Username!) || e.Data.GetRawText().Contains("Alice Liddell"));

        // Her connection ended; after the presence grace nothing more is recorded of her (no "went offline" after the deletion).
        await Task.Delay(ShortGraceChatServer.Grace * 3);
        (await auditor.AuditStream(alice.UserId)).Events.Last().Type.Should().Be("account_deleted");
    }

    [Fact]
    public async Task Deleting_needs_the_password_and_wrong_guesses_are_throttled_like_sign_ins()
    {
        var alice = await server.NewUser("alice");
        for (var i = 0; i < 10; i++) await Refused(() => alice.DeleteAccount($"guess-{i}-password"), 400, "validation_failed");
        await Refused(() => alice.DeleteAccount("correct-horse-battery"), 429, "rate_limited");
        (await alice.Conversations()).Should().BeEmpty("the account is still there");
    }
}
