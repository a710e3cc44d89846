using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Chat.Client;
using Chat.Domain.Attachments;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>Pictures, video and files through the blob store (docs/protocol.md, "Attachments").</summary>
public class AttachmentTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_member_stores_a_file_over_kestrels_default_limit_and_the_other_member_gets_it_whole_or_by_range()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var video = RandomNumberGenerator.GetBytes(31 * 1024 * 1024); // Kestrel alone would refuse a body over 30 MB

        var stored = await alice.UploadAttachment(conversationId, new MemoryStream(video), "video/mp4");
        (stored.ConversationId, stored.Size, stored.ContentType).Should().Be((conversationId, video.Length, "video/mp4"));
        stored.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(video)));

        using (var whole = await bob.DownloadAttachment(conversationId, stored.AttachmentId))
        {
            whole.Headers.ContentType!.MediaType.Should().Be("video/mp4");
            (await whole.ReadAsByteArrayAsync()).Should().Equal(video);
        }

        using var http = As(bob);
        var url = $"/api/conversations/{conversationId}/attachments/{stored.AttachmentId}";
        using var range = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(1_000_000, 1_000_999) } };
        using var partial = await http.SendAsync(range);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent, "a player seeks in a video");
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(video[1_000_000..1_001_000]);
        partial.Headers.ETag!.Tag.Should().Be($"\"{stored.Sha256}\"");
        partial.Headers.GetValues("Content-Security-Policy").Should().Equal("sandbox");

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        (head.StatusCode, head.Content.Headers.ContentLength).Should().Be((HttpStatusCode.OK, video.Length), "a player asks for the size first");
        Directory.GetFiles(Path.Combine(server.DataDirectory, "attachments"), "*", SearchOption.AllDirectories).Should()
            .Contain(Path.Combine(server.DataDirectory, "attachments", conversationId.ToString("N"), stored.AttachmentId.ToString("N")));
        if (OperatingSystem.IsLinux()) File.GetUnixFileMode(Path.Combine(server.DataDirectory, "attachments")).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, "other users of the machine cannot list or read them");

        using var cached = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { IfNoneMatch = { partial.Headers.ETag } } };
        (await http.SendAsync(cached)).StatusCode.Should().Be(HttpStatusCode.NotModified, "a client that has it does not fetch it again");

        await using var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(stored.AttachmentId);
        events.Select(e => e.Data).Should().Equal(new AttachmentUploaded(stored.AttachmentId, conversationId, alice.UserId, video.Length,
            "video/mp4", stored.Sha256, stored.UploadedAt));
    }

    [Fact]
    public async Task Only_the_conversations_members_reach_its_attachments_and_bad_uploads_get_clear_errors()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var stored = await alice.UploadAttachment(conversationId, new MemoryStream([1, 2, 3]));
        stored.ContentType.Should().Be("application/octet-stream");
        var carol = await server.NewUser("carol");
        var carolsOwn = await carol.OpenDirect(alice.UserId);

        await Refused(() => carol.UploadAttachment(conversationId, new MemoryStream([1])), 403, "forbidden");
        await Refused(() => carol.DownloadAttachment(conversationId, stored.AttachmentId), 403, "forbidden");
        await Refused(() => carol.DownloadAttachment(Guid.NewGuid(), stored.AttachmentId), 404, "not_found");
        await Refused(() => bob.DownloadAttachment(conversationId, Guid.NewGuid()), 404, "not_found");
        await Refused(() => alice.DownloadAttachment(carolsOwn, stored.AttachmentId), 404, "not_found", "it belongs to another conversation");
        await Refused(() => alice.UploadAttachment(conversationId, new MemoryStream([])), 400, "validation_failed");

        using var http = As(alice);
        var badType = new ByteArrayContent([1, 2, 3]);
        badType.Headers.TryAddWithoutValidation("Content-Type", "a picture");
        using var response = await http.PostAsync($"/api/conversations/{conversationId}/attachments", badType);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("contentType").And.Contain("validation_failed");

        using var kept = await bob.DownloadAttachment(conversationId, stored.AttachmentId);
        (await kept.ReadAsByteArrayAsync()).Should().Equal([1, 2, 3], "the server keeps serving, and what it stored stays");
    }


    private HttpClient As(ChatApi user) => new()
    {
        BaseAddress = server.Address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken) },
    };
}

public sealed class SmallAttachmentsChatServer : ChatServer
{
    public const int MaxBytes = 64 * 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Attachments:MaxBytes"] = MaxBytes.ToString(),
    };
}

public class AttachmentLimitTests(SmallAttachmentsChatServer server) : IClassFixture<SmallAttachmentsChatServer>
{
    [Fact]
    public async Task An_upload_over_the_limit_is_refused_whether_or_not_it_says_its_length_and_leaves_nothing_behind()
    {
        var (alice, _, conversationId) = await server.NewConversation();
        var tooLarge = RandomNumberGenerator.GetBytes(SmallAttachmentsChatServer.MaxBytes + 1);

        var declared = await FluentActions.Awaiting(() => alice.UploadAttachment(conversationId, new MemoryStream(tooLarge)))
            .Should().ThrowAsync<ChatApiException>();
        (declared.Which.Status, declared.Which.Code).Should().Be((413, "payload_too_large"));

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // no length: sent chunked, so only counting the bytes finds it too large
        await pipe.Writer.WriteAsync(tooLarge);
        await pipe.Writer.CompleteAsync();
        var chunked = await FluentActions.Awaiting(() => alice.UploadAttachment(conversationId, pipe.Reader.AsStream()))
            .Should().ThrowAsync<ChatApiException>();
        (chunked.Which.Status, chunked.Which.Code).Should().Be((413, "payload_too_large"));

        var directory = Path.Combine(server.DataDirectory, "attachments");
        Directory.Exists(Path.Combine(directory, conversationId.ToString("N"))).Should().BeFalse();
        Directory.GetFiles(Path.Combine(directory, ".incoming")).Should().BeEmpty("a refused upload's bytes are deleted");

        var atTheLimit = await alice.UploadAttachment(conversationId, new MemoryStream(tooLarge[..^1]));
        atTheLimit.Size.Should().Be(SmallAttachmentsChatServer.MaxBytes);
    }
}
