using Chat.Domain.Conversations;
using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Delivery;

/// <summary>A member's delivered watermark (the highest of their devices'), the last message someone else sent them, and where they joined.</summary>
public sealed record MemberDelivery(long DeliveredUpTo, long LastIncoming, long JoinedAfter = 0);

/// <summary>
/// Per conversation: who still has messages to get (the design notes' "unsent messages" table), per member and per
/// device. A connecting device's relay looks itself up in <see cref="PendingUserIds"/> (nothing reached any of the
/// member's devices), <see cref="PendingDeviceKeys"/> (this device is behind its own watermark) and, for conversations
/// it never acknowledged in, <see cref="DeviceKeys"/> and <see cref="LastMessageAt"/> (docs/adr/0005-multi-device.md).
/// The four lists are derived from the dictionaries when the document is written (sorted, so a document written live
/// and one rebuilt from the events are the same): events change a large group's document in place, and only its
/// write pays for the lists, not every event of a commit's batch.
/// </summary>
public sealed record PendingDeliveries(Guid Id, Dictionary<Guid, MemberDelivery> Members, Dictionary<string, long>? Devices = null)
{
    public long LastSequence { get; set; }
    public DateTimeOffset LastMessageAt { get; set; }

    public Guid[] MemberIds => [.. Members.Keys.Order()];
    public Guid[] PendingUserIds => [.. Members.Where(kv => kv.Value.LastIncoming > kv.Value.DeliveredUpTo).Select(kv => kv.Key).Order()];
    public string[] DeviceKeys => Devices is null ? [] : [.. Devices.Keys.Order(StringComparer.Ordinal)];
    public string[] PendingDeviceKeys => Devices is null ? [] : [.. Devices.Where(kv => kv.Value < LastSequence).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    public static string DeviceKey(Guid userId, string deviceId) => $"{userId:N}/{deviceId}";

    public long DeliveredUpToFor(Guid userId) => Members.TryGetValue(userId, out var m) ? m.DeliveredUpTo : 0;

    public long? DeliveredUpToOn(Guid userId, string deviceId) =>
        Devices is not null && Devices.TryGetValue(DeviceKey(userId, deviceId), out var upTo) ? upTo : null;
}

/// <summary>Inline: a client that connects must find every message committed before it, never a stale view.</summary>
public sealed class PendingDeliveriesProjection : SingleStreamProjection<PendingDeliveries, Guid>
{
    // Only conversation streams: user streams carry presence events that are none of this projection's business.
    public PendingDeliveriesProjection() => FilterIncomingEventsOnStreamType(typeof(Conversation));

    public override PendingDeliveries? Evolve(PendingDeliveries? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => Start(id, o.MemberIds),
        (null, GroupCreated g) => Start(id, g.MemberIds),
        (not null, MessageSent m) => Sent(snapshot, m),
        (not null, MessagesDelivered d) => Advance(snapshot, d.UserId, d.DeviceId, d.UpToSequence),
        (not null, MessagesRead r) => Advance(snapshot, r.UserId, r.DeviceId, r.UpToSequence),
        (not null, MembersAdded a) => Added(snapshot, a),
        (not null, MemberRemoved r) => Removed(snapshot, r.UserId),
        _ => snapshot,
    };

    private static PendingDeliveries Start(Guid id, Guid[] memberIds) => new(id, memberIds.ToDictionary(m => m, _ => new MemberDelivery(0, 0)));

    // The sending device holds its own message: if it was up to date it stays so, and only the others fall behind.
    private static PendingDeliveries Sent(PendingDeliveries state, MessageSent m)
    {
        // Overwriting an existing key's value does not invalidate a Dictionary enumerator (.NET Core 3.0 and later).
        foreach (var (userId, member) in state.Members)
            if (userId != m.SenderId) state.Members[userId] = member with { LastIncoming = m.Sequence };
        var sender = PendingDeliveries.DeviceKey(m.SenderId, Devices.Of(m.SenderDeviceId));
        if (state.Devices is not null && state.Devices.TryGetValue(sender, out var upTo) && upTo == m.Sequence - 1)
            state.Devices[sender] = m.Sequence;
        state.LastSequence = m.Sequence;
        state.LastMessageAt = m.SentAt;
        return state;
    }

    private static PendingDeliveries Advance(PendingDeliveries state, Guid userId, string? deviceId, long upTo)
    {
        if (!state.Members.TryGetValue(userId, out var member)) return state;
        if (state.Devices is null) state = state with { Devices = [] };
        var key = PendingDeliveries.DeviceKey(userId, Devices.Of(deviceId));
        state.Devices![key] = Math.Max(upTo, state.Devices.GetValueOrDefault(key));
        if (upTo > member.DeliveredUpTo) state.Members[userId] = member with { DeliveredUpTo = upTo };
        return state;
    }

    private static PendingDeliveries Added(PendingDeliveries state, MembersAdded a)
    {
        foreach (var userId in a.UserIds) state.Members[userId] = new MemberDelivery(a.AfterSequence, a.AfterSequence, a.AfterSequence);
        return state;
    }

    // New dictionaries rather than removals in place: a freed slot would be refilled by the next addition and change
    // the order a rebuilt document has.
    private static PendingDeliveries Removed(PendingDeliveries state, Guid userId) => state with
    {
        Members = state.Members.Where(kv => kv.Key != userId).ToDictionary(),
        Devices = state.Devices?.Where(kv => !kv.Key.StartsWith($"{userId:N}/", StringComparison.Ordinal)).ToDictionary(),
    };
}
