using Chat.Projections.Attachments;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class AttachmentFilesSpecs
{
    [Fact]
    public void Starting_deletes_partial_uploads_untouched_for_a_day_and_keeps_recent_ones_and_stored_files()
    {
        var directory = Directory.CreateTempSubdirectory("attachments-").FullName;
        var incoming = Path.Combine(directory, ".incoming");
        Directory.CreateDirectory(incoming);
        var abandoned = Path.Combine(incoming, "abandoned");
        var recent = Path.Combine(incoming, "recent");
        var stored = Path.Combine(directory, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        foreach (var file in new[] { abandoned, recent, stored }) File.WriteAllBytes(file, [1, 2, 3]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));
        File.SetLastWriteTimeUtc(stored, DateTime.UtcNow.AddDays(-2));

        _ = new AttachmentFiles(directory);

        File.Exists(abandoned).Should().BeFalse();
        File.Exists(recent).Should().BeTrue("another node may be receiving it now");
        File.Exists(stored).Should().BeTrue("stored attachments go only when their retention expires them");
        Directory.Delete(directory, recursive: true);
    }
}
