using Microsoft.Extensions.Caching.Memory;

namespace Chat.WriteApi.Pipeline;

/// <summary>A conversation's write model as of stream version <see cref="Version"/>.</summary>
public sealed record VersionedState(Conversation State, long Version);

/// <summary>
/// The writer's copy of the conversations it wrote recently: each conversation has one writer (its owner node,
/// docs/adr/0006-multi-node.md), so a commit decides on this copy instead of reading the O(members) write model back,
/// and appends with the version it expects. A commit that fails for any reason (another node wrote first, the database
/// went away) drops the copies it used and the retry reads them again (docs/adr/0008-member-state-off-the-message-path.md).
/// </summary>
public sealed class WriteModelCache : IDisposable
{
    /// <summary>Members held across all cached conversations (a group of 1,000 counts 1,000, a direct conversation 2).</summary>
    public const long MaxMembers = 200_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxMembers });

    public VersionedState? Find(Guid conversationId) => _cache.Get<VersionedState>(conversationId);

    public void Keep(Guid conversationId, VersionedState state) =>
        _cache.Set(conversationId, state, new MemoryCacheEntryOptions { Size = Math.Max(1, state.State.Members.Count) });

    public void Forget(Guid conversationId) => _cache.Remove(conversationId);

    public void Dispose() => _cache.Dispose();
}
