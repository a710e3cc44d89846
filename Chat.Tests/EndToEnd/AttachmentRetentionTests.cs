using System.IO.Pipelines;
using System.Security.Cryptography;
using Chat.Client;
using Chat.Contracts;
using Chat.Domain.Attachments;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// A server that keeps attachments for ten seconds and 100 KB of them per uploader (docs/adr/0012-attachments.md); a
/// schema of its own, so it expires no other test's attachments.
/// </summary>
public sealed class ExpiringAttachmentsChatServer : ChatServer
{
    public const int QuotaBytes = 100_000;
    public static readonly TimeSpan Retain = TimeSpan.FromSeconds(10);

    protected override string Schema { get; } = TestDatabase.PrivateSchema("retention");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Attachments:QuotaBytes"] = QuotaBytes.ToString(),
        ["Chat:Attachments:RetainDays"] = Retain.TotalDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public class AttachmentRetentionTests(ExpiringAttachmentsChatServer server, Browser browser)
    : IClassFixture<ExpiringAttachmentsChatServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task An_uploader_stores_up_to_the_quota_and_files_past_the_retention_are_deleted_answer_410_and_free_it()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var first = await alice.UploadAttachment(conversationId, new MemoryStream(RandomNumberGenerator.GetBytes(60_000)));

        // 40,000 bytes of Alice's quota are left: a larger upload is refused before or while it is read.
        await QuotaExceeded(() => alice.UploadAttachment(conversationId, new MemoryStream(new byte[40_001])));
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // no length: sent chunked, refused once it passes 40,000
        await pipe.Writer.WriteAsync(new byte[50_000]);
        await pipe.Writer.CompleteAsync();
        await QuotaExceeded(() => alice.UploadAttachment(conversationId, pipe.Reader.AsStream()));
        await alice.UploadAttachment(conversationId, new MemoryStream(new byte[40_000]));
        await QuotaExceeded(() => alice.UploadAttachment(conversationId, new MemoryStream([1])));
        await bob.UploadAttachment(conversationId, new MemoryStream(new byte[60_000])); // a quota is per uploader

        // Past the retention (swept every second here) the file is gone from disk and the download says so.
        // (For the moment between deleting the file and recording it a download answers 404, docs/adr/0012-attachments.md.)
        var expired = await Eventually.Get<ChatApiException?>(() => Status(bob, conversationId, first.AttachmentId), e => e?.Status == 410,
            ExpiringAttachmentsChatServer.Retain + TimeSpan.FromSeconds(20));
        expired!.Code.Should().Be("gone");
        File.Exists(Path.Combine(server.DataDirectory, "attachments", conversationId.ToString("N"), first.AttachmentId.ToString("N")))
            .Should().BeFalse();
        await using (var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(first.AttachmentId)).Select(e => e.Data).ToList();
            events.Should().HaveCount(2);
            events[1].Should().BeOfType<AttachmentExpired>().Which.Should().BeEquivalentTo(
                new { first.AttachmentId, ConversationId = conversationId, UploaderId = alice.UserId, Size = 60_000L });
        }

        // Expired files no longer count: once her second one expires too, Alice has her whole quota again.
        var again = await Eventually.Get<AttachmentResponse?>(async () =>
        {
            try { return await alice.UploadAttachment(conversationId, new MemoryStream(new byte[ExpiringAttachmentsChatServer.QuotaBytes])); }
            catch (ChatApiException e) when (e.Code == "quota_exceeded") { return null; }
        }, a => a is not null, TimeSpan.FromSeconds(10));
        again!.Size.Should().Be(ExpiringAttachmentsChatServer.QuotaBytes);
    }

    [Fact]
    public async Task The_web_client_says_a_picture_has_expired_rather_than_showing_nothing()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Attach("photo.png", "image/png", Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DA0PCfAUIBACFyBP1TVaZ3AAAAAElFTkSuQmCC"));
        await Expect(bob.Conversation("Alice")).ToContainTextAsync("\U0001F4CE photo.png"); // the list's preview fetches nothing

        await Task.Delay(ExpiringAttachmentsChatServer.Retain + TimeSpan.FromSeconds(4)); // past the retention and a sweep
        await bob.Open("Alice");
        await Expect(bob.Page.Locator("li.message img.picture")).ToHaveAttributeAsync("alt", "photo.png: expired on the server");
    }

    private static async Task QuotaExceeded(Func<Task> upload)
    {
        var error = await upload.Should().ThrowAsync<ChatApiException>();
        (error.Which.Status, error.Which.Code).Should().Be((413, "quota_exceeded"));
    }

    /// <summary>The download's error, or null while it still succeeds.</summary>
    private static async Task<ChatApiException?> Status(ChatApi user, Guid conversationId, Guid attachmentId)
    {
        try
        {
            using var _ = await user.DownloadAttachment(conversationId, attachmentId);
            return null;
        }
        catch (ChatApiException e)
        {
            return e;
        }
    }
}
