using Chat.Domain.Conversations;
using Chat.Projections.Conversations;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Chat.Projections.Delivery;

/// <summary>
/// One member of one conversation and how far their devices have got: delivered (the highest of the devices') and read
/// watermarks, each device's delivered watermark, and where they joined. Written by that member's receipts and by
/// membership changes, never by a send (docs/adr/0008-member-state-off-the-message-path.md). <see cref="SharedReadUpTo"/>
/// as in <see cref="Member"/>: what the others see of the read watermark when that is less.
/// </summary>
public sealed record MemberDelivery(
    string Id, Guid ConversationId, Guid UserId, long DeliveredUpTo, long ReadUpTo, long JoinedAfter,
    Dictionary<string, long>? Devices = null, long? SharedReadUpTo = null)
{
    public static string Key(Guid conversationId, Guid userId) => $"{conversationId:N}/{userId:N}";

    public long? DeliveredUpToOn(string deviceId) => Devices is not null && Devices.TryGetValue(deviceId, out var upTo) ? upTo : null;

    /// <summary>
    /// Whether a device connecting now may have missed something here (the design notes' "unsent messages"): a message
    /// past its own watermark that it did not send, or, where it never acknowledged anything, a message that reached
    /// none of the member's devices or came after the device was linked (docs/adr/0005-multi-device.md).
    /// </summary>
    public bool HasPendingFor(string deviceId, ConversationHead head, DateTimeOffset linkedAt) => DeliveredUpToOn(deviceId) is { } upTo
        ? head.LastIncomingOn(UserId, deviceId) > upTo
        : head.LastIncomingFor(UserId) > DeliveredUpTo || head.LastMessageAt >= linkedAt;

    public MemberDelivery Advanced(string? deviceId, long upTo, long readUpTo = 0, bool privateRead = false)
    {
        var device = Domain.Users.Devices.Of(deviceId);
        var (read, shared) = ReadMark.After(ReadUpTo, SharedReadUpTo, readUpTo, privateRead);
        return this with
        {
            DeliveredUpTo = Math.Max(DeliveredUpTo, upTo),
            ReadUpTo = read,
            SharedReadUpTo = shared,
            Devices = upTo <= (DeliveredUpToOn(device) ?? 0)
                ? Devices
                : new Dictionary<string, long>(Devices ?? []) { [device] = upTo },
        };
    }
}

/// <summary>Inline: a device that connects must find every receipt committed before it, never a stale view.</summary>
public sealed class MemberDeliveryProjection : MultiStreamProjection<MemberDelivery, string>
{
    public MemberDeliveryProjection()
    {
        Identities<DirectConversationOpened>(e => [.. e.MemberIds.Select(m => MemberDelivery.Key(e.ConversationId, m))]);
        Identities<GroupCreated>(e => [.. e.MemberIds.Select(m => MemberDelivery.Key(e.ConversationId, m))]);
        Identities<MembersAdded>(e => [.. e.UserIds.Select(m => MemberDelivery.Key(e.ConversationId, m))]);
        Identity<MemberRemoved>(e => MemberDelivery.Key(e.ConversationId, e.UserId));
        Identity<MessagesDelivered>(e => MemberDelivery.Key(e.ConversationId, e.UserId));
        Identity<MessagesRead>(e => MemberDelivery.Key(e.ConversationId, e.UserId));
    }

    public override MemberDelivery? Evolve(MemberDelivery? snapshot, string id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => Start(id, o.ConversationId, 0),
        (null, GroupCreated g) => Start(id, g.ConversationId, 0),
        (null, MembersAdded a) => Start(id, a.ConversationId, a.AfterSequence),
        (not null, MemberRemoved) => null,
        (not null, MessagesDelivered d) => snapshot.Advanced(d.DeviceId, d.UpToSequence),
        (not null, MessagesRead r) => snapshot.Advanced(r.DeviceId, r.UpToSequence, r.UpToSequence, r.Private),
        _ => snapshot,
    };

    private static MemberDelivery Start(string id, Guid conversationId, long joinedAfter) =>
        new(id, conversationId, Guid.ParseExact(id[33..], "N"), joinedAfter, joinedAfter, joinedAfter);
}
