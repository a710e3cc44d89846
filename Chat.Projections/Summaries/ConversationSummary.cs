using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Summaries;

public sealed record LastMessage(Guid MessageId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string Body);

/// <summary>
/// Per member: the read watermark and the sequences of the member's own messages after it, so that
/// unread = messages after the watermark that others sent, without reading history.
/// </summary>
public sealed record MemberReadState(long ReadUpTo, long[] OwnSequencesAfterRead);

public sealed record ConversationSummary(
    Guid Id, ConversationKind Kind, Guid[] MemberIds, LastMessage? LastMessage, long LastSequence,
    DateTimeOffset LastActivityAt, Dictionary<Guid, MemberReadState> Members, string? Title = null)
{
    public long UnreadCountFor(Guid userId) => Members.TryGetValue(userId, out var m)
        ? LastSequence - m.ReadUpTo - m.OwnSequencesAfterRead.Length
        : 0;
}

/// <summary>Async: the conversation list may trail a send by moments, and sending never pays for it.</summary>
public sealed class ConversationSummaryProjection : SingleStreamProjection<ConversationSummary, Guid>
{
    // Only conversation streams: user streams carry presence events that are none of this projection's business.
    public ConversationSummaryProjection() => FilterIncomingEventsOnStreamType(typeof(Conversation));

    public override ConversationSummary? Evolve(ConversationSummary? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => new ConversationSummary(id, ConversationKind.Direct, o.MemberIds, null, 0,
            o.OpenedAt, o.MemberIds.ToDictionary(m => m, _ => new MemberReadState(0, []))),
        (not null, MessageSent m) => snapshot with
        {
            LastMessage = new LastMessage(m.MessageId, m.SenderId, m.Sequence, m.SentAt, m.Body),
            LastSequence = m.Sequence,
            LastActivityAt = m.SentAt,
            Members = Update(snapshot.Members, m.SenderId,
                s => s with { OwnSequencesAfterRead = [.. s.OwnSequencesAfterRead, m.Sequence] }),
        },
        (not null, MessagesRead r) => snapshot with
        {
            Members = Update(snapshot.Members, r.UserId, s => r.UpToSequence <= s.ReadUpTo
                ? s
                : new MemberReadState(r.UpToSequence, [.. s.OwnSequencesAfterRead.Where(seq => seq > r.UpToSequence)])),
        },
        (null, GroupCreated g) => new ConversationSummary(id, ConversationKind.Group, g.MemberIds, null, 0, g.At,
            g.MemberIds.ToDictionary(m => m, _ => new MemberReadState(0, [])), g.Title),
        (not null, MembersAdded a) => snapshot with
        {
            MemberIds = [.. snapshot.MemberIds, .. a.UserIds],
            Members = new Dictionary<Guid, MemberReadState>(snapshot.Members.Concat(
                a.UserIds.Select(u => KeyValuePair.Create(u, new MemberReadState(a.AfterSequence, []))))),
            LastActivityAt = a.At,
        },
        (not null, MemberRemoved r) => snapshot with
        {
            MemberIds = [.. snapshot.MemberIds.Where(m => m != r.UserId)],
            Members = snapshot.Members.Where(kv => kv.Key != r.UserId).ToDictionary(),
        },
        (not null, GroupRenamed r) => snapshot with { Title = r.Title },
        _ => snapshot,
    };

    private static Dictionary<Guid, MemberReadState> Update(
        Dictionary<Guid, MemberReadState> members, Guid userId, Func<MemberReadState, MemberReadState> update)
    {
        if (!members.TryGetValue(userId, out var state)) return members;
        return new Dictionary<Guid, MemberReadState>(members) { [userId] = update(state) };
    }
}
