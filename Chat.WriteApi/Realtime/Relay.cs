using Chat.Projections.Delivery;
using Chat.Projections.History;

namespace Chat.WriteApi.Realtime;

/// <summary>The offline relay: everything others sent a user past the user's delivered watermark, in sequence order.</summary>
public sealed class Relay(IDocumentStore store)
{
    public const int PageSize = 500;

    /// <returns>Per conversation, the highest sequence replayed, so live pushes already replayed can be skipped.</returns>
    public async Task<Dictionary<Guid, long>> Replay(Guid userId, Func<MessageReceived, Task> send, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var pending = await session.Query<PendingDeliveries>().Where(p => p.PendingUserIds.Contains(userId)).ToListAsync(ct);
        var replayed = new Dictionary<Guid, long>();
        foreach (var conversation in pending)
        {
            var after = conversation.DeliveredUpToFor(userId);
            while (true)
            {
                var page = await session.Query<ChatMessage>()
                    .Where(m => m.ConversationId == conversation.Id && m.Sequence > after)
                    .OrderBy(m => m.Sequence).Take(PageSize).ToListAsync(ct);
                foreach (var m in page.Where(m => m.SenderId != userId))
                    await send(new MessageReceived(m.Id, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body));
                if (page.Count == 0) break;
                after = page[^1].Sequence;
                if (page.Count < PageSize) break;
            }
            replayed[conversation.Id] = after;
        }
        return replayed;
    }
}
