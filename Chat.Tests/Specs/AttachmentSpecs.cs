using Chat.Domain;
using Chat.Domain.Attachments;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class AttachmentSpecs
{
    private const long Max = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    private static StoreAttachment Received(long size) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), size, "image/png", new string('a', 64), Now);

    private static void Refused(Action admit, string code, string? field = null)
    {
        var error = admit.Should().Throw<DomainError>().Which;
        (error.Code, error.Field).Should().Be((code, field));
    }

    [Fact]
    public void Who_may_upload_and_how_much_is_decided_before_the_body_is_read()
    {
        Refused(() => AttachmentRules.Admit(isMember: false, "image/png", 10, Max), ErrorCodes.Forbidden);
        Refused(() => AttachmentRules.Admit(isMember: true, "image/png", Max + 1, Max), ErrorCodes.PayloadTooLarge);
        AttachmentRules.Admit(isMember: true, "image/png", Max, Max).Should().Be("image/png");
        AttachmentRules.Admit(isMember: true, "image/png", declaredLength: null, Max).Should().Be("image/png", "a chunked body is counted as it comes");
    }

    [Fact]
    public void The_content_type_is_kept_as_sent_when_it_is_a_media_type_and_defaults_to_opaque_bytes()
    {
        AttachmentRules.Admit(true, null, 10, Max).Should().Be(AttachmentRules.DefaultContentType);
        AttachmentRules.Admit(true, "video/mp4; codecs=\"avc1\"", 10, Max).Should().Be("video/mp4; codecs=\"avc1\"");
        foreach (var bad in new[] { "a picture", "image", "image/png\0", new string('x', 256) + "/png" })
            Refused(() => AttachmentRules.Admit(true, bad, 10, Max), ErrorCodes.Validation, "contentType");
    }

    [Fact]
    public void The_received_bytes_become_the_event_unless_there_are_none_or_too_many()
    {
        var received = Received(Max);
        AttachmentRules.Decide(received, Max).Should().Be(new AttachmentUploaded(received.AttachmentId, received.ConversationId,
            received.UploaderId, Max, "image/png", received.Sha256, Now));
        Refused(() => AttachmentRules.Decide(Received(0), Max), ErrorCodes.Validation, "body");
        Refused(() => AttachmentRules.Decide(Received(Max + 1), Max), ErrorCodes.PayloadTooLarge);
    }
}
