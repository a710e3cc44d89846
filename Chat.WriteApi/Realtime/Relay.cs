using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.History;
using Chat.Projections.Summaries;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// The offline relay: everything a device missed, in sequence order per conversation: messages past the device's own
/// delivered watermark, or, where it never acknowledged anything, what reached none of the user's devices and what
/// was sent since the device was linked. The device's own sends are not echoed (docs/adr/0005-multi-device.md). Then
/// the edits, deletions and reactions past the watermark, as the messages now stand, those of the messages just replayed included
/// (they went with their latest body, empty once deleted; docs/adr/0016-edit-and-delete.md). Nothing the user cleared
/// or deleted for themselves (docs/adr/0027-clearing-a-chat.md).
/// </summary>
public sealed class Relay(IDocumentStore store)
{
    public const int PageSize = 500;

    /// <returns>
    /// What live pushes already replayed can be skipped by: per conversation, the sequence up to which everything was
    /// replayed (the last message's; revisions are read after the messages, so they cover every one committed before
    /// it), and the revisions replayed.
    /// </returns>
    public async Task<Replayed> Replay(Guid userId, string deviceId, Func<Push, Task> send, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var linkedAt = (await session.LoadAsync<UserAccount>(userId, ct))?.LinkedDevices.FirstOrDefault(d => d.DeviceId == deviceId)?.LinkedAt
            ?? DateTimeOffset.MaxValue;
        // One small document per conversation the user is in, and each conversation's head: "pending" is derived, not listed.
        var memberships = await session.Query<MemberDelivery>().Where(m => m.UserId == userId).ToListAsync(ct);
        var layout = (await session.LoadAsync<UserChatList>(userId, ct))?.Layout ?? Domain.Users.ChatListLayout.Empty;
        var heads = (await session.LoadManyAsync<ConversationHead>(ct, memberships.Select(m => m.ConversationId))).ToDictionary(h => h.Id);
        var pending = memberships.Where(m => heads.TryGetValue(m.ConversationId, out var head) && m.HasPendingFor(deviceId, head, linkedAt));

        var replayed = new Replayed([], []);
        foreach (var member in pending)
        {
            var deviceUpTo = member.DeliveredUpToOn(deviceId);
            var cleared = layout.ClearedUpTo(member.ConversationId); // what the user cleared is not brought back
            var after = Math.Max(deviceUpTo ?? member.JoinedAfter, cleared);
            while (true)
            {
                var query = session.Query<ChatMessage>().Where(m => m.ConversationId == member.ConversationId && m.Sequence > after);
                if (deviceUpTo is null) query = query.Where(m => m.Sequence > member.DeliveredUpTo || m.SentAt >= linkedAt);
                var page = await query.OrderBy(m => m.Sequence).Take(PageSize).ToListAsync(ct);
                foreach (var m in page.Where(m => (m.SenderId != userId || Domain.Users.Devices.Of(m.SenderDeviceId) != deviceId)
                             && !layout.Hides(m.ConversationId, m.Sequence)))
                    await send(new Push(HubNames.MessageReceived,
                        new MessageReceived(m.Id, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body, m.ExpiresAt)));
                if (page.Count == 0) break;
                after = page[^1].Sequence;
                if (page.Count < PageSize) break;
            }
            replayed.UpTo[member.ConversationId] = after;
            await ReplayRevisions(session, member, deviceUpTo ?? member.DeliveredUpTo, layout, replayed.Revisions, send, ct);
        }
        return replayed;
    }

    /// <summary>Edits, deletions and reactions past the watermark, to messages the member had: each message once, as it stands, in the order of its latest change.</summary>
    private static async Task ReplayRevisions(IQuerySession session, MemberDelivery member, long upTo, Domain.Users.ChatListLayout layout,
        HashSet<(Guid, long)> sent, Func<Push, Task> send, CancellationToken ct)
    {
        var after = upTo;
        var from = Math.Max(member.JoinedAfter, layout.ClearedUpTo(member.ConversationId));
        while (true)
        {
            var page = await session.Query<ChatMessage>()
                .Where(m => m.ConversationId == member.ConversationId && m.RevisionSequence > after && m.Sequence > from)
                .OrderBy(m => m.RevisionSequence).Take(PageSize).ToListAsync(ct);
            foreach (var m in page.Where(m => !layout.Hides(m.ConversationId, m.Sequence)))
            {
                await send(new Push(HubNames.MessageRevised, Delivery.ToRevised(m)));
                sent.Add((m.ConversationId, m.RevisionSequence!.Value));
            }
            if (page.Count < PageSize) return;
            after = page[^1].RevisionSequence!.Value;
        }
    }
}

/// <summary>What a replay sent: per conversation, everything up to a sequence; and single revisions (conversation, sequence).</summary>
public sealed record Replayed(Dictionary<Guid, long> UpTo, HashSet<(Guid ConversationId, long Sequence)> Revisions);
