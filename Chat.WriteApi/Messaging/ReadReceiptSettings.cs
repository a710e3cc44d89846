using Chat.Projections.Presence;
using Microsoft.Extensions.Caching.Memory;

namespace Chat.WriteApi;

/// <summary>
/// Whether a user has read receipts off, as each of their reads needs to know: read from their presence document at most
/// once per <see cref="Lifetime"/> per node, so a read costs no query; a change on this node applies at once, on
/// another node within <see cref="Lifetime"/> (docs/adr/0026-read-receipts-off.md).
/// </summary>
public sealed class ReadReceiptSettings(IDocumentStore store, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> AreOff(Guid userId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(userId), out bool off)) return off;
        await using var session = store.QuerySession();
        off = (await session.LoadAsync<UserPresence>(userId, ct))?.ReadReceiptsOff ?? false;
        return cache.Set(Key(userId), off, Lifetime);
    }

    public void Changed(Guid userId, bool off) => cache.Set(Key(userId), off, Lifetime);

    private static (string, Guid) Key(Guid userId) => ("read-receipts-off", userId);
}
