namespace Chat.Projections.Accounts;

/// <summary>
/// Profile and group photos on disk: <c>{directory}/{ownerId}/{photoId}-{side}.jpg</c>, the owner a user or a group,
/// written under a temporary name and moved into place, so a file in place is always whole. Nodes that serve the same
/// users share the directory.
/// </summary>
public sealed class AvatarFiles
{
    private readonly string _directory;

    public AvatarFiles(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    public string PathOf(Guid userId, Guid avatarId, int side) =>
        Path.Combine(_directory, userId.ToString("N"), $"{avatarId:N}-{side}.jpg");

    public async Task Write(Guid userId, Guid avatarId, IReadOnlyDictionary<int, byte[]> sides, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(_directory, userId.ToString("N")));
        foreach (var (side, jpeg) in sides)
        {
            var path = PathOf(userId, avatarId, side);
            var incoming = path + ".incoming";
            await File.WriteAllBytesAsync(incoming, jpeg, ct);
            File.Move(incoming, path, overwrite: true);
        }
    }

    /// <summary>Deletes one photo's files; none there is no error (another node deleted them first).</summary>
    public void Delete(Guid userId, Guid avatarId)
    {
        var folder = new DirectoryInfo(Path.Combine(_directory, userId.ToString("N")));
        if (!folder.Exists) return;
        foreach (var file in folder.EnumerateFiles($"{avatarId:N}-*")) file.Delete();
    }

    /// <summary>Deletes every photo of a user, as their account is deleted.</summary>
    public void DeleteAll(Guid userId)
    {
        var folder = Path.Combine(_directory, userId.ToString("N"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
