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
        AttachmentRules.Admit(isMember: true, "image/png", Max, Max).MaxBytes.Should().Be(Max);
        AttachmentRules.Admit(isMember: true, "image/png", declaredLength: null, Max).MaxBytes.Should().Be(Max, "a chunked body is counted as it comes");
    }

    [Fact]
    public void A_quota_limits_an_upload_to_what_is_left_of_it_and_says_so_when_it_is_what_refuses()
    {
        var plenty = AttachmentRules.Admit(true, "image/png", 10, Max, new Quota(Limit: 10 * Max, Used: 0));
        (plenty.MaxBytes, plenty.Over.Code).Should().Be((Max, ErrorCodes.PayloadTooLarge), "the per-file limit is the tighter one");

        var nearlyFull = AttachmentRules.Admit(true, "image/png", declaredLength: null, Max, new Quota(Limit: 10 * Max, Used: 9_600));
        (nearlyFull.MaxBytes, nearlyFull.Over.Code).Should().Be((400L, ErrorCodes.QuotaExceeded));
        Refused(() => AttachmentRules.Decide(Received(401), nearlyFull), ErrorCodes.QuotaExceeded);
        AttachmentRules.Decide(Received(400), nearlyFull).Size.Should().Be(400);

        Refused(() => AttachmentRules.Admit(true, "image/png", 401, Max, new Quota(10 * Max, 9_600)), ErrorCodes.QuotaExceeded);
        Refused(() => AttachmentRules.Admit(true, "image/png", null, Max, new Quota(10 * Max, 10 * Max)), ErrorCodes.QuotaExceeded);
        Refused(() => AttachmentRules.Admit(true, "image/png", null, Max, new Quota(10 * Max, 11 * Max)), ErrorCodes.QuotaExceeded);
    }

    [Fact]
    public void The_content_type_is_kept_as_sent_when_it_is_a_media_type_and_defaults_to_opaque_bytes()
    {
        AttachmentRules.Admit(true, null, 10, Max).ContentType.Should().Be(AttachmentRules.DefaultContentType);
        AttachmentRules.Admit(true, "video/mp4; codecs=\"avc1\"", 10, Max).ContentType.Should().Be("video/mp4; codecs=\"avc1\"");
        foreach (var bad in new[] { "a picture", "image", "image/png\0", new string('x', 256) + "/png" })
            Refused(() => AttachmentRules.Admit(true, bad, 10, Max), ErrorCodes.Validation, "contentType");
    }

    [Fact]
    public void The_received_bytes_become_the_event_unless_there_are_none_or_too_many()
    {
        var received = Received(Max);
        var admission = AttachmentRules.Admit(true, "image/png", null, Max);
        AttachmentRules.Decide(received, admission).Should().Be(new AttachmentUploaded(received.AttachmentId, received.ConversationId,
            received.UploaderId, Max, "image/png", received.Sha256, Now));
        Refused(() => AttachmentRules.Decide(Received(0), admission), ErrorCodes.Validation, "body");
        Refused(() => AttachmentRules.Decide(Received(Max + 1), admission), ErrorCodes.PayloadTooLarge);
    }
}
