using System.Net;
using System.Net.Http.Headers;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;
using SkiaSharp;

namespace Chat.Tests.EndToEnd;

/// <summary>Profile photos (docs/adr/0020-profile-photos.md), made with SkiaSharp on the real server.</summary>
public class AvatarTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_photo_is_kept_as_square_jpegs_of_two_sizes_that_anyone_signed_in_fetches_and_revalidates()
    {
        var (alice, bob, _) = await server.NewConversation();
        await alice.SetAvatar(Picture(1200, 800, SKEncodedImageFormat.Png, SKColors.Green), "image/png");

        var avatarId = (await bob.User(alice.UserId)).AvatarId;
        avatarId.Should().NotBeNull();
        var (large, small) = (Decode(await bob.Avatar(alice.UserId)), Decode(await bob.Avatar(alice.UserId, "small")));
        (large.Width, large.Height, small.Width, small.Height).Should().Be((512, 512, 96, 96));
        large.GetPixel(256, 256).Should().Match<SKColor>(c => c.Green > 100 && c.Red < 60 && c.Blue < 60);

        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bob.AccessToken);
        var first = await http.GetAsync($"/api/users/{alice.UserId}/avatar");
        (first.Content.Headers.ContentType!.MediaType, first.Headers.ETag!.Tag).Should().Be(("image/jpeg", $"\"{avatarId:N}-512\""));
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{alice.UserId}/avatar");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        (await http.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await server.NewApi().Invoking(a => a.Avatar(alice.UserId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task A_new_name_or_photo_reaches_contacts_and_the_users_own_devices_at_once_but_not_strangers_or_the_blocked()
    {
        var (alice, bob, _) = await server.NewConversation();
        var (carol, dave) = (await server.NewUser("carol"), await server.NewUser("dave"));
        await alice.Block(await alice.OpenDirect(dave.UserId));
        var phone = await server.OnDevice(alice, "phone");
        var hubs = new[] { bob, carol, dave, phone }.Select(u => server.Connect(u)).ToArray();
        var heard = hubs.Select(h => new Inbox(h)).ToArray();
        await Task.WhenAll(hubs.Select(h => h.Start()));
        try
        {
            await alice.ChangeDisplayName("Alice Liddell");
            await alice.ChangeDisplayName("Alice Liddell"); // the same again: nothing changed, nothing sent
            await alice.SetAvatar(Picture(100, 100, SKEncodedImageFormat.Png, SKColors.Red), "image/png");
            var avatarId = (await bob.User(alice.UserId)).AvatarId;
            await alice.RemoveAvatar();
            await alice.RemoveAvatar(); // none to remove

            var expected = new[] { (alice.UserId, "Alice Liddell", (Guid?)null), (alice.UserId, "Alice Liddell", avatarId), (alice.UserId, "Alice Liddell", null) };
            foreach (var inbox in new[] { heard[0], heard[3] }) // Bob, and Alice's own phone
                (await inbox.WaitForProfiles(3)).Select(p => (p.UserId, p.DisplayName, p.AvatarId)).Should().Equal(expected);
            await Task.Delay(300); // a fourth, or one to Carol or Dave, would arrive now
            heard[0].Profiles.Should().HaveCount(3);
            heard[1].Profiles.Should().BeEmpty("Carol shares no conversation with Alice");
            heard[2].Profiles.Should().BeEmpty("Alice blocked Dave");
        }
        finally
        {
            foreach (var hub in hubs) await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_phone_photo_is_turned_upright_as_its_exif_says_and_never_scaled_up()
    {
        var alice = await server.NewUser("alice");
        // Stored sideways, 200 x 100, red on the left and blue on the right; EXIF orientation 6 turns it a quarter
        // clockwise to show: 100 x 200, red on top, blue below. Its centre square keeps both halves.
        await alice.SetAvatar(WithExifOrientation(HalvesPicture(), 6));

        var served = await alice.Avatar(alice.UserId);
        served.AsSpan().IndexOf("Exif"u8).Should().Be(-1, "the server encodes the photo itself: none of the upload's metadata is served");
        var photo = Decode(served);
        (photo.Width, photo.Height).Should().Be((100, 100));
        photo.GetPixel(50, 10).Should().Match<SKColor>(c => c.Red > 200 && c.Blue < 60, "the stored left side is on top");
        photo.GetPixel(50, 90).Should().Match<SKColor>(c => c.Blue > 200 && c.Red < 60, "the stored right side is below");
    }

    [Fact]
    public async Task A_new_photo_replaces_the_old_one_and_removing_it_leaves_none()
    {
        var alice = await server.NewUser("alice");
        await alice.SetAvatar(Picture(300, 300, SKEncodedImageFormat.Jpeg, SKColors.Red));
        var first = (await alice.User(alice.UserId)).AvatarId!.Value;
        await alice.SetAvatar(Picture(300, 300, SKEncodedImageFormat.Webp, SKColors.Blue), "image/webp");
        var second = (await alice.User(alice.UserId)).AvatarId!.Value;

        second.Should().NotBe(first);
        Decode(await alice.Avatar(alice.UserId)).GetPixel(150, 150).Should().Match<SKColor>(c => c.Blue > 200 && c.Red < 60);
        AvatarFolder(alice.UserId).GetFiles().Select(f => f.Name).Should().BeEquivalentTo([$"{second:N}-512.jpg", $"{second:N}-96.jpg"]);

        await alice.RemoveAvatar();
        await alice.RemoveAvatar(); // again: nothing more
        (await alice.User(alice.UserId)).AvatarId.Should().BeNull();
        (await alice.Invoking(a => a.Avatar(alice.UserId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);
        AvatarFolder(alice.UserId).GetFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task What_is_no_picture_too_large_or_too_many_pixels_is_refused_with_a_clear_error()
    {
        var alice = await server.NewUser("alice");
        (await Refused(() => alice.SetAvatar("not a picture at all"u8.ToArray()), 400, "validation_failed")).Body.Should().Contain("\"image\"");
        (await Refused(() => alice.SetAvatar([]), 400, "validation_failed")).Body.Should().Contain("\"image\"");
        await Refused(() => alice.SetAvatar(new byte[10 * 1024 * 1024 + 1]), 413, "payload_too_large");
        (await Refused(() => alice.SetAvatar(Picture(20_000, 10, SKEncodedImageFormat.Png, SKColors.Red), "image/png"), 400, "validation_failed"))
            .Body.Should().Contain("\"image\"");
        (await Refused(() => alice.Avatar(alice.UserId, "huge"), 400, "validation_failed")).Body.Should().Contain("\"size\"");
        await Refused(() => alice.Avatar(Guid.NewGuid()), 404, "not_found");
        (await alice.User(alice.UserId)).AvatarId.Should().BeNull("nothing refused was kept");
    }

    private DirectoryInfo AvatarFolder(Guid userId) => new(Path.Combine(server.DataDirectory, "avatars", userId.ToString("N")));


    private static SKBitmap Decode(byte[] jpeg) => SKBitmap.Decode(jpeg) ?? throw new InvalidOperationException("Not a picture.");

    private static byte[] Picture(int width, int height, SKEncodedImageFormat format, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] HalvesPicture()
    {
        using var bitmap = new SKBitmap(200, 100);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, 100, 100, red);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>The JPEG with an EXIF segment (APP1) holding only the orientation tag, as a phone camera writes it.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0, // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var length = exif.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]]; // after the start-of-image marker
    }
}
