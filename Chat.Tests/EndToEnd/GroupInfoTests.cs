using Chat.Contracts;
using Chat.Domain;
using Chat.Projections.Accounts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>A group's description and photo (docs/adr/0029-group-description-and-photo.md).</summary>
public class GroupInfoTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Admins_describe_a_group_and_give_it_a_photo_which_every_member_hears_of_and_only_members_fetch()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        var groupId = await alice.CreateGroup("Club", bob.UserId);
        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await bobHub.Start();

        await alice.SetGroupDescription(groupId, "  Club news, every Friday  ");
        await alice.SetGroupDescription(groupId, "Club news, every Friday"); // the same: nothing changes, nothing is sent
        await Refused(() => bob.SetGroupDescription(groupId, "mine"), 403, ErrorCodes.Forbidden, "only admins change the group's info");
        await Refused(() => alice.SetGroupDescription(groupId, new string('d', 513)), 400, ErrorCodes.Validation);
        await alice.SetGroupPhoto(groupId, Pictures.Png(SKColors.Green), "image/png");
        var first = (await bob.Conversation(groupId)).PhotoId;
        await alice.SetGroupPhoto(groupId, Pictures.Png(SKColors.Blue), "image/png");
        var details = await bob.Conversation(groupId);
        details.Description.Should().Be("Club news, every Friday");
        details.PhotoId.Should().NotBeNull().And.NotBe(first!.Value);

        var updates = await Eventually.Get(() => bobInbox.Updates, u => u.Count >= 3);
        updates.Select(u => (u.Description, u.PhotoId)).Should().Equal(
            ("Club news, every Friday", null), ("Club news, every Friday", first), ("Club news, every Friday", details.PhotoId));
        var photo = SKBitmap.Decode(await bob.GroupPhoto(groupId, "small"));
        (photo.Width, photo.Height).Should().Be((96, 96));
        photo.GetPixel(48, 48).Should().Match<SKColor>(c => c.Blue > 150 && c.Red < 60 && c.Green < 60);
        (await Eventually.Get(() => bob.Conversations(), c => c.Single().PhotoId == details.PhotoId)).Single().PhotoId.Should().Be(details.PhotoId);
        await Refused(() => carol.GroupPhoto(groupId), 403, ErrorCodes.Forbidden, "a group's photo is its members'");
        var files = server.Services.GetRequiredService<AvatarFiles>();
        File.Exists(files.PathOf(groupId, first.Value, 512)).Should().BeFalse("a replaced photo's files are deleted");

        await alice.RemoveGroupPhoto(groupId);
        await Refused(() => bob.GroupPhoto(groupId), 404, ErrorCodes.NotFound);
        File.Exists(files.PathOf(groupId, details.PhotoId!.Value, 512)).Should().BeFalse();
        (await Eventually.Get(() => bobInbox.Updates, u => u.Count >= 4)).Last().PhotoId.Should().BeNull();
        await Refused(() => alice.SetGroupPhoto(groupId, [1, 2, 3]), 400, ErrorCodes.Validation, "not a picture");
    }
}
