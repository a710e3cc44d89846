using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.History;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// The offline relay: everything a device missed, in sequence order per conversation: messages past the device's own
/// delivered watermark, or, where it never acknowledged anything, what reached none of the user's devices and what
/// was sent since the device was linked. The device's own sends are not echoed (docs/adr/0005-multi-device.md).
/// </summary>
public sealed class Relay(IDocumentStore store)
{
    public const int PageSize = 500;

    /// <returns>Per conversation, the highest sequence replayed, so live pushes already replayed can be skipped.</returns>
    public async Task<Dictionary<Guid, long>> Replay(Guid userId, string deviceId, Func<MessageReceived, Task> send, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var linkedAt = (await session.LoadAsync<UserAccount>(userId, ct))?.LinkedDevices.FirstOrDefault(d => d.DeviceId == deviceId)?.LinkedAt
            ?? DateTimeOffset.MaxValue;
        // One small document per conversation the user is in, and each conversation's head: "pending" is derived, not listed.
        var memberships = await session.Query<MemberDelivery>().Where(m => m.UserId == userId).ToListAsync(ct);
        var heads = (await session.LoadManyAsync<ConversationHead>(ct, memberships.Select(m => m.ConversationId))).ToDictionary(h => h.Id);
        var pending = memberships.Where(m => heads.TryGetValue(m.ConversationId, out var head) && m.HasPendingFor(deviceId, head, linkedAt));

        var replayed = new Dictionary<Guid, long>();
        foreach (var member in pending)
        {
            var deviceUpTo = member.DeliveredUpToOn(deviceId);
            var after = deviceUpTo ?? member.JoinedAfter;
            while (true)
            {
                var query = session.Query<ChatMessage>().Where(m => m.ConversationId == member.ConversationId && m.Sequence > after);
                if (deviceUpTo is null) query = query.Where(m => m.Sequence > member.DeliveredUpTo || m.SentAt >= linkedAt);
                var page = await query.OrderBy(m => m.Sequence).Take(PageSize).ToListAsync(ct);
                foreach (var m in page.Where(m => m.SenderId != userId || Domain.Users.Devices.Of(m.SenderDeviceId) != deviceId))
                    await send(new MessageReceived(m.Id, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body));
                if (page.Count == 0) break;
                after = page[^1].Sequence;
                if (page.Count < PageSize) break;
            }
            replayed[member.ConversationId] = after;
        }
        return replayed;
    }
}
