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
        var key = PendingDeliveries.DeviceKey(userId, deviceId);
        var batch = session.CreateBatchQuery();
        var behind = batch.Query<PendingDeliveries>()
            .Where(p => p.PendingUserIds.Contains(userId) || p.PendingDeviceKeys.Contains(key)).ToList();
        var neverAcknowledged = batch.Query<PendingDeliveries>()
            .Where(p => p.MemberIds.Contains(userId) && p.LastMessageAt >= linkedAt && !p.DeviceKeys.Contains(key)).ToList();
        await batch.Execute(ct);
        var pending = (await behind).Concat(await neverAcknowledged).DistinctBy(p => p.Id);

        var replayed = new Dictionary<Guid, long>();
        foreach (var conversation in pending)
        {
            var member = conversation.Members[userId];
            var deviceUpTo = conversation.DeliveredUpToOn(userId, deviceId);
            var after = deviceUpTo ?? member.JoinedAfter;
            while (true)
            {
                var query = session.Query<ChatMessage>().Where(m => m.ConversationId == conversation.Id && m.Sequence > after);
                if (deviceUpTo is null) query = query.Where(m => m.Sequence > member.DeliveredUpTo || m.SentAt >= linkedAt);
                var page = await query.OrderBy(m => m.Sequence).Take(PageSize).ToListAsync(ct);
                foreach (var m in page.Where(m => m.SenderId != userId || Domain.Users.Devices.Of(m.SenderDeviceId) != deviceId))
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
