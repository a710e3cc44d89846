using System.Security.Cryptography;
using Chat.Domain.Attachments;

namespace Chat.Projections.Attachments;

/// <summary>
/// The blob store: one file per attachment, <c>{directory}/{conversationId}/{attachmentId}</c>. An upload is written
/// to <c>.incoming</c> on the same file system, flushed to disk, then moved into place in one step, so a file in place
/// is always whole. Nodes that serve the same conversations share the directory (docs/deployment.md).
/// </summary>
public sealed class AttachmentFiles
{
    private readonly string _directory;
    private readonly string _incoming;

    public AttachmentFiles(string directory)
    {
        _directory = Path.GetFullPath(directory);
        _incoming = Path.Combine(_directory, ".incoming");
        CreateDirectory(_directory);
        CreateDirectory(_incoming);
        DeleteAbandoned(TimeSpan.FromDays(1));
    }

    /// <summary>
    /// Partial uploads of a process that was killed stay in <c>.incoming</c>; one untouched for a day is no live upload
    /// (Kestrel drops a body slower than 240 bytes a second), whichever node shares the directory.
    /// </summary>
    private void DeleteAbandoned(TimeSpan age)
    {
        foreach (var file in new DirectoryInfo(_incoming).EnumerateFiles())
            if (DateTime.UtcNow - file.LastWriteTimeUtc > age) file.Delete();
    }

    /// <summary>Readable by the server's user only, like the signing key: files of clients that do not encrypt are plain.</summary>
    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string PathOf(Guid conversationId, Guid attachmentId) =>
        Path.Combine(_directory, conversationId.ToString("N"), attachmentId.ToString("N"));

    /// <summary>Copies the body to a new incoming file, hashing and counting as it goes; past what it may be it stops at once.</summary>
    public async Task<IncomingFile> Receive(Stream body, Admission admission, CancellationToken ct)
    {
        var incoming = new IncomingFile(Path.Combine(_incoming, Guid.NewGuid().ToString("N")));
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(incoming.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    incoming.Size += read;
                    if (incoming.Size > admission.MaxBytes) throw admission.Over;
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                file.Flush(flushToDisk: true); // on disk before the event that says it is stored
            }
            incoming.Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            return incoming;
        }
        catch
        {
            incoming.Dispose();
            throw;
        }
    }

    /// <summary>Moves a received file to its place; the caller deletes it again if the upload's event is not committed.</summary>
    public string Keep(IncomingFile incoming, Guid conversationId, Guid attachmentId)
    {
        var path = PathOf(conversationId, attachmentId);
        CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(incoming.Path, path);
        return path;
    }

    /// <summary>Deletes an attachment's file; none there is no error (another node deleted it first).</summary>
    public void Delete(Guid conversationId, Guid attachmentId)
    {
        try
        {
            File.Delete(PathOf(conversationId, attachmentId));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>A received upload not yet in its place; disposing deletes whatever is left of it.</summary>
public sealed class IncomingFile(string path) : IDisposable
{
    public string Path { get; } = path;
    public long Size { get; internal set; }
    public string Sha256 { get; internal set; } = "";

    public void Dispose() => File.Delete(Path); // no error when it was moved into place
}
