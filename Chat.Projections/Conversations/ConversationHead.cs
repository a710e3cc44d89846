using Chat.Domain.Conversations;
using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Conversations;

/// <summary>
/// What a send changes, and nothing whose size grows with the members: the last sequence and who sent it, and enough
/// to tell any member (or device) the last message someone else sent them without a per-member entry.
/// <see cref="LastSentBy"/> is each current member's latest sequence, for those who sent (the receipt audience).
/// </summary>
public sealed record ConversationHead(Guid Id, Dictionary<Guid, long> LastSentBy)
{
    public long LastSequence { get; init; }
    public DateTimeOffset LastMessageAt { get; init; }
    public Guid LastSenderId { get; init; }
    public string? LastSenderDeviceId { get; init; }

    /// <summary>The highest sequence sent by anyone but <see cref="LastSenderId"/>.</summary>
    public long BeforeLastSender { get; init; }

    /// <summary>The highest sequence not sent from <see cref="LastSenderDeviceId"/> of <see cref="LastSenderId"/>.</summary>
    public long BeforeLastDevice { get; init; }

    /// <summary>The last message someone else sent the user.</summary>
    public long LastIncomingFor(Guid userId) => userId == LastSenderId ? BeforeLastSender : LastSequence;

    /// <summary>The last message that did not come from this device (the user's other devices' sends count).</summary>
    public long LastIncomingOn(Guid userId, string deviceId) =>
        userId == LastSenderId && deviceId == LastSenderDeviceId ? BeforeLastDevice : LastSequence;

    public ConversationHead Sent(MessageSent m)
    {
        LastSentBy[m.SenderId] = m.Sequence; // in place: the projection's copy of the document, changed once per send
        return Advanced(m.SenderId, m.SenderDeviceId, m.Sequence) with { LastMessageAt = m.SentAt };
    }

    /// <summary>An edit, a deletion or a reaction: news to every device but the one it came from, as a message is; not a message.</summary>
    public ConversationHead Revised(Guid userId, string? deviceId, long sequence) => Advanced(userId, deviceId, sequence);

    private ConversationHead Advanced(Guid userId, string? deviceId, long sequence)
    {
        var device = Devices.Of(deviceId);
        return this with
        {
            BeforeLastSender = userId == LastSenderId ? BeforeLastSender : LastSequence,
            BeforeLastDevice = userId == LastSenderId && device == LastSenderDeviceId ? BeforeLastDevice : LastSequence,
            LastSequence = sequence,
            LastSenderId = userId,
            LastSenderDeviceId = device,
        };
    }
}

/// <summary>Inline: the next send's sequence and a connecting device's relay read it.</summary>
public sealed class ConversationHeadProjection : SingleStreamProjection<ConversationHead, Guid>
{
    public ConversationHeadProjection()
    {
        IncludeType<DirectConversationOpened>();
        IncludeType<GroupCreated>();
        IncludeType<MessageSent>();
        IncludeType<MessageEdited>();
        IncludeType<MessageDeleted>();
        IncludeType<ReactionChanged>();
        IncludeType<MemberRemoved>();
    }

    public override ConversationHead? Evolve(ConversationHead? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened or GroupCreated) => new ConversationHead(id, []),
        (not null, MessageSent m) => snapshot.Sent(m),
        (not null, MessageEdited r) => snapshot.Revised(r.EditorId, r.DeviceId, r.Sequence),
        (not null, MessageDeleted r) => snapshot.Revised(r.DeletedBy, r.DeviceId, r.Sequence),
        (not null, ReactionChanged r) => snapshot.Revised(r.UserId, r.DeviceId, r.Sequence),
        (not null, MemberRemoved r) => snapshot with
        {
            LastSentBy = snapshot.LastSentBy.Where(s => s.Key != r.UserId).ToDictionary(),
        },
        _ => snapshot,
    };
}
