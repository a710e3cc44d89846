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
/// </summary>
public sealed record PendingDeliveries(
    Guid Id, Dictionary<Guid, MemberDelivery> Members, Guid[] PendingUserIds,
    Dictionary<string, long>? Devices = null, string[]? PendingDeviceKeys = null, string[]? DeviceKeys = null,
    Guid[]? MemberIds = null, long LastSequence = 0, DateTimeOffset LastMessageAt = default)
{
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
        (not null, MembersAdded a) => Rebuilt(snapshot, new Dictionary<Guid, MemberDelivery>(snapshot.Members.Concat(
            a.UserIds.Select(u => KeyValuePair.Create(u, new MemberDelivery(a.AfterSequence, a.AfterSequence, a.AfterSequence))))), snapshot.Devices),
        (not null, MemberRemoved r) => Rebuilt(snapshot, snapshot.Members.Where(kv => kv.Key != r.UserId).ToDictionary(),
            snapshot.Devices?.Where(kv => !kv.Key.StartsWith($"{r.UserId:N}/", StringComparison.Ordinal)).ToDictionary()),
        _ => snapshot,
    };

    private static PendingDeliveries Start(Guid id, Guid[] memberIds) =>
        Rebuilt(new PendingDeliveries(id, [], []), memberIds.ToDictionary(m => m, _ => new MemberDelivery(0, 0)), null);

    // The sending device holds its own message: if it was up to date it stays so, and only the others fall behind.
    private static PendingDeliveries Sent(PendingDeliveries state, MessageSent m)
    {
        var members = state.Members.ToDictionary(kv => kv.Key, kv => kv.Key == m.SenderId ? kv.Value : kv.Value with { LastIncoming = m.Sequence });
        var devices = state.Devices;
        var sender = PendingDeliveries.DeviceKey(m.SenderId, Devices.Of(m.SenderDeviceId));
        if (devices is not null && devices.TryGetValue(sender, out var upTo) && upTo == m.Sequence - 1)
            devices = new Dictionary<string, long>(devices) { [sender] = m.Sequence };
        return Rebuilt(state with { LastSequence = m.Sequence, LastMessageAt = m.SentAt }, members, devices);
    }

    private static PendingDeliveries Advance(PendingDeliveries state, Guid userId, string? deviceId, long upTo)
    {
        if (!state.Members.TryGetValue(userId, out var member)) return state;
        var key = PendingDeliveries.DeviceKey(userId, Devices.Of(deviceId));
        var devices = new Dictionary<string, long>(state.Devices ?? []);
        devices[key] = Math.Max(upTo, devices.GetValueOrDefault(key));
        var members = upTo <= member.DeliveredUpTo
            ? state.Members
            : new Dictionary<Guid, MemberDelivery>(state.Members) { [userId] = member with { DeliveredUpTo = upTo } };
        return Rebuilt(state, members, devices);
    }

    private static PendingDeliveries Rebuilt(PendingDeliveries state, Dictionary<Guid, MemberDelivery> members, Dictionary<string, long>? devices) =>
        state with
        {
            Members = members,
            // Sorted: a document written live and one rebuilt from the events must be the same.
            MemberIds = [.. members.Keys.Order()],
            PendingUserIds = [.. members.Where(kv => kv.Value.LastIncoming > kv.Value.DeliveredUpTo).Select(kv => kv.Key).Order()],
            Devices = devices,
            DeviceKeys = devices is null ? [] : [.. devices.Keys.Order(StringComparer.Ordinal)],
            PendingDeviceKeys = devices is null ? [] : [.. devices.Where(kv => kv.Value < state.LastSequence).Select(kv => kv.Key).Order(StringComparer.Ordinal)],
        };
}
