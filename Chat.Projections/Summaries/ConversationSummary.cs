using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Summaries;

public sealed record LastMessage(
    Guid MessageId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string Body, DateTimeOffset? EditedAt = null, DateTimeOffset? DeletedAt = null);

/// <summary>
/// Per member: the read watermark and the sequences after it that are not unread messages (the member's own messages,
/// everyone's edits, deletions and reactions), so that unread = sequences after the watermark less those, without reading history.
/// </summary>
public sealed record MemberReadState(long ReadUpTo, long[] UncountedAfterRead);

/// <summary>
/// What the conversation list takes from the messages: the last one, the latest activity and each member's unread count.
/// Who is in the conversation, its kind, title and photo the list takes from the inline roster, as they stand.
/// </summary>
public sealed record ConversationSummary(
    Guid Id, LastMessage? LastMessage, long LastSequence, DateTimeOffset LastActivityAt, Dictionary<Guid, MemberReadState> Members)
{
    /// <summary>An edit, a deletion or a reaction: the last message shows it if it is that message; nobody has more to read.</summary>
    public ConversationSummary Revised(Guid messageId, long sequence, Func<LastMessage, LastMessage> revise) => this with
    {
        LastMessage = LastMessage?.MessageId == messageId ? revise(LastMessage) : LastMessage,
        LastSequence = sequence,
        Members = Members.ToDictionary(kv => kv.Key, kv => kv.Value with { UncountedAfterRead = [.. kv.Value.UncountedAfterRead, sequence] }),
    };

    public long UnreadCountFor(Guid userId) => Members.TryGetValue(userId, out var m)
        ? LastSequence - m.ReadUpTo - m.UncountedAfterRead.Length
        : 0;
}

/// <summary>Async: the conversation list may trail a send by moments, and sending never pays for it.</summary>
public sealed class ConversationSummaryProjection : SingleStreamProjection<ConversationSummary, Guid>
{
    // Only conversation streams: user streams carry presence events that are none of this projection's business.
    public ConversationSummaryProjection() => FilterIncomingEventsOnStreamType(typeof(Conversation));

    public override ConversationSummary? Evolve(ConversationSummary? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => new ConversationSummary(id, null, 0, o.OpenedAt,
            o.MemberIds.ToDictionary(m => m, _ => new MemberReadState(0, []))),
        (not null, MessageSent m) => snapshot with
        {
            LastMessage = new LastMessage(m.MessageId, m.SenderId, m.Sequence, m.SentAt, m.Body),
            LastSequence = m.Sequence,
            LastActivityAt = m.SentAt,
            Members = Update(snapshot.Members, m.SenderId,
                s => s with { UncountedAfterRead = [.. s.UncountedAfterRead, m.Sequence] }),
        },
        (not null, MessageEdited r) => snapshot.Revised(r.MessageId, r.Sequence, m => m with { Body = r.Body, EditedAt = r.At }),
        (not null, MessageDeleted r) => snapshot.Revised(r.MessageId, r.Sequence, m => m with { Body = "", DeletedAt = r.At }),
        (not null, ReactionChanged r) => snapshot.Revised(r.MessageId, r.Sequence, m => m),
        (not null, MessagesRead r) => snapshot with
        {
            Members = Update(snapshot.Members, r.UserId, s => r.UpToSequence <= s.ReadUpTo
                ? s
                : new MemberReadState(r.UpToSequence, [.. s.UncountedAfterRead.Where(seq => seq > r.UpToSequence)])),
        },
        (null, GroupCreated g) => new ConversationSummary(id, null, 0, g.At, g.MemberIds.ToDictionary(m => m, _ => new MemberReadState(0, []))),
        (not null, MembersAdded a) => snapshot with
        {
            Members = new Dictionary<Guid, MemberReadState>(snapshot.Members.Concat(
                a.UserIds.Select(u => KeyValuePair.Create(u, new MemberReadState(a.AfterSequence, []))))),
            LastActivityAt = a.At,
        },
        (not null, MemberRemoved r) => snapshot with
        {
            Members = snapshot.Members.Where(kv => kv.Key != r.UserId).ToDictionary(),
        },
        _ => snapshot,
    };

    private static Dictionary<Guid, MemberReadState> Update(
        Dictionary<Guid, MemberReadState> members, Guid userId, Func<MemberReadState, MemberReadState> update)
    {
        if (!members.TryGetValue(userId, out var state)) return members;
        return new Dictionary<Guid, MemberReadState>(members) { [userId] = update(state) };
    }
}
