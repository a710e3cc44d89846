using Chat.Tests.Infrastructure;
using SkiaSharp;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Group invite links (docs/adr/0021-group-invite-links.md).</summary>
public class InviteTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Someone_with_the_link_sees_what_it_leads_to_joins_and_chats_from_then_on()
    {
        var (alice, bob, _) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var group = await alice.CreateGroup("Book club", bob.UserId);
        await alice.Send(group, "a1", "before carol");
        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await bobHub.Start();

        var code = await alice.CreateInvite(group);
        (await alice.Conversation(group)).InviteCode.Should().Be(code);
        (await bob.Conversation(group)).InviteCode.Should().BeNull("only admins are shown the link");
        (await carol.PreviewInvite(code)).Should().BeEquivalentTo(new { ConversationId = group, Title = "Book club", MemberCount = 2 });

        (await carol.JoinByInvite(code)).Should().Be(group);
        (await carol.JoinByInvite(code)).Should().Be(group, "joining again is nothing more");
        (await Eventually.Get(() => bobInbox.Updates, u => u.Any(x => x.ConversationId == group && x.Members.Count == 3)))
            .Last().Members.Should().Contain(m => m.UserId == carol.UserId && m.Role == "member");
        (await carol.Messages(group)).Messages.Should().BeEmpty("a new member sees the group from when they joined");
        await carol.Send(group, "c1", "hi all");
        (await Eventually.Get(() => bobInbox.Messages, m => m.Any(x => x.Body == "hi all"))).Should().ContainSingle(x => x.Body == "hi all");
        (await alice.Conversation(group)).Members.Should().HaveCount(3);

        var audit = await Eventually.Get(async () => (await (await server.Auditor()).AuditStream(group)).Events,
            e => e.Any(x => x.Type == "group_invite_link_set"));
        audit.Single(x => x.Type == "group_invite_link_set").Data.TryGetProperty("code", out _).Should().BeFalse("whoever holds the code may join");
        audit.Should().NotContain(x => x.Data.GetRawText().Contains(code));
    }

    [Fact]
    public async Task A_link_made_to_expire_leads_to_the_group_until_then_and_then_answers_that_it_expired()
    {
        var (alice, bob, _) = await server.NewConversation();
        var (carol, dave) = (await server.NewUser("carol"), await server.NewUser("dave"));
        var group = await alice.CreateGroup("Short-lived", bob.UserId);
        await Refused(() => alice.CreateInvite(group, TimeSpan.FromDays(31)), 400, "validation_failed");

        var link = await alice.CreateInvite(group, TimeSpan.FromSeconds(2));
        link.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(2), TimeSpan.FromSeconds(2));
        (await alice.Conversation(group)).InviteExpiresAt.Should().Be(link.ExpiresAt);
        (await bob.Conversation(group)).InviteExpiresAt.Should().BeNull("only admins are shown the link");
        (await carol.PreviewInvite(link.InviteCode)).ExpiresAt.Should().Be(link.ExpiresAt);
        (await carol.JoinByInvite(link.InviteCode)).Should().Be(group);

        await Task.Delay(link.ExpiresAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        await Refused(() => dave.PreviewInvite(link.InviteCode), 410, "gone");
        (await Refused(() => dave.JoinByInvite(link.InviteCode), 410, "gone")).Message.Should().Contain("expired");
        (await alice.Conversation(group)).Members.Should().HaveCount(3, "Carol joined in time, Dave did not");

        var lasting = await alice.CreateInvite(group); // a new link, without an expiry
        lasting.Should().NotBe(link.InviteCode);
        (await dave.JoinByInvite(lasting)).Should().Be(group);
    }

    [Fact]
    public async Task Only_admins_make_or_revoke_a_link_and_an_old_or_revoked_link_leads_nowhere()
    {
        var (alice, bob, _) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var group = await alice.CreateGroup("Team", bob.UserId);
        await Refused(() => bob.CreateInvite(group), 403, "forbidden");
        await Refused(() => carol.CreateInvite(group), 403, "forbidden");

        var first = await alice.CreateInvite(group);
        var second = await alice.CreateInvite(group);
        second.Should().NotBe(first);
        await Refused(() => carol.PreviewInvite(first), 404, "not_found");
        await Refused(() => carol.JoinByInvite(first), 404, "not_found");

        await Refused(() => bob.RevokeInvite(group), 403, "forbidden");
        await alice.RevokeInvite(group);
        await alice.RevokeInvite(group); // again: nothing more
        (await alice.Conversation(group)).InviteCode.Should().BeNull();
        await Refused(() => carol.JoinByInvite(second), 404, "not_found");
        await Refused(() => carol.PreviewInvite("not-a-code"), 404, "not_found");
        await Refused(() => carol.JoinByInvite(new string('A', 43)), 404, "not_found"); // a well-formed code of no group
        await Refused(() => server.NewApi().PreviewInvite(second), 401, "unauthorized");
        (await alice.Conversation(group)).Members.Should().HaveCount(2, "nobody got in");
    }

    [Fact]
    public async Task A_link_shows_the_groups_description_and_photo_before_joining_and_only_while_it_works()
    {
        var (alice, bob, _) = await server.NewConversation();
        var carol = await server.NewUser("carol");
        var group = await alice.CreateGroup("Choir", bob.UserId);
        await alice.SetGroupDescription(group, "Tuesdays at seven");
        await alice.SetGroupPhoto(group, Pictures.Png(SKColors.Orange), "image/png"); // 255, 165, 0
        var code = await alice.CreateInvite(group);

        var preview = await carol.PreviewInvite(code);
        (preview.Description, preview.PhotoId).Should().Be(("Tuesdays at seven", (await alice.Conversation(group)).PhotoId));
        using var photo = SKBitmap.Decode(await carol.InvitePhoto(code, "small"));
        photo.Width.Should().Be(96);
        photo.GetPixel(48, 48).Should().Match<SKColor>(c => c.Red > 200 && c.Green > 120 && c.Green < 200 && c.Blue < 60, "orange, as a JPEG keeps it");
        await Refused(() => carol.GroupPhoto(group), 403, "forbidden", "not a member: the group's own photo route stays for members");

        await alice.RevokeInvite(group);
        await Refused(() => carol.InvitePhoto(code), 404, "not_found", "a revoked link shows nothing");
        await alice.RemoveGroupPhoto(group);
        var fresh = await alice.CreateInvite(group);
        await Refused(() => carol.InvitePhoto(fresh), 404, "not_found", "a group without a photo");
    }
}
