using Chat.Projections.History;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// What a commit carried when its connection closed before PostgreSQL's answer: it may have landed. The retry reads and
/// decides again; a send it finds stored, or a receipt or group change it finds applied (it then decides nothing, or
/// is refused, as removing a member who is gone), was this commit's, so it is answered as done and pushed as new
/// (docs/adr/0002-group-commit.md). Kept for one batch of the commit loop.
/// </summary>
public sealed class InDoubtCommit
{
    private readonly HashSet<Guid> _sends = [];
    private readonly HashSet<ConversationCommand> _changes = [];

    public void Clear()
    {
        _sends.Clear();
        _changes.Clear();
    }

    public void Lost(IEnumerable<ConversationCommand> batch, IEnumerable<Guid> sent)
    {
        _sends.UnionWith(sent);
        _changes.UnionWith(batch.Where(c => c is not SendMessage));
    }

    /// <summary>Whether a send found stored was the lost commit's (once): then it is new to its sender and recipients.</summary>
    public bool Landed(Guid messageId) => _sends.Remove(messageId);

    /// <summary>Decides the command; one of the lost commit's that lands as nothing adds the push it would have made.</summary>
    /// <param name="target">For an edit, a deletion or a reaction, the message as the store and the batch so far have it.</param>
    public object[] Decide(ConversationCommand command, Conversation state, ChatMessage? target, List<Committed> committed)
    {
        if (!_changes.Contains(command)) return Conversation.Decide(command, state, target?.ToFacts());
        object[] events;
        try
        {
            events = Conversation.Decide(command, state, target?.ToFacts());
        }
        catch (DomainError) when (command is GroupCommand)
        {
            events = []; // the change it refuses now is the one the lost commit made
        }
        if (events.Length == 0 && _changes.Remove(command) && Appended(command, state, target) is { } landed)
            committed.Add(new Committed(null, state, landed) // no "before": a group's receipt goes to every sender
            {
                Revision = target is null ? null : Delivery.ToRevised(target),
            });
        return events;
    }

    /// <summary>What a change that landed appended, as far as its push needs: the same command decides the same.</summary>
    private static object? Appended(ConversationCommand command, Conversation state, ChatMessage? target) => command switch
    {
        EditMessage c when target is { EditedAt: { } at, RevisionSequence: { } sequence } =>
            new MessageEdited(state.Id, c.MessageId, c.UserId, sequence, target.Body, at, c.DeviceId),
        DeleteMessage c when target is { DeletedAt: { } at, RevisionSequence: { } sequence } =>
            new MessageDeleted(state.Id, c.MessageId, target.DeletedBy ?? c.UserId, sequence, at, c.DeviceId),
        ExpireMessage c when target is { DeletedAt: { } at, RevisionSequence: { } sequence } =>
            new MessageDeleted(state.Id, c.MessageId, target.DeletedBy ?? Guid.Empty, sequence, at),
        ReactToMessage c when target is { RevisionSequence: { } sequence } =>
            new ReactionChanged(state.Id, c.MessageId, c.UserId, sequence, c.Emoji, c.Now, c.DeviceId),
        AckDelivered c => new MessagesDelivered(state.Id, c.UserId, c.UpToSequence, c.Now, c.DeviceId),
        MarkRead c => new MessagesRead(state.Id, c.UserId, c.UpToSequence, c.Now, c.DeviceId),
        AddMembers c => new MembersAdded(state.Id, c.UserIds, c.UserId, state.LastSequence, c.Now),
        RemoveMember c => new MemberRemoved(state.Id, c.MemberId, c.UserId, state.LastSequence, c.Now),
        RemoveDeletedAccount c => new MemberRemoved(state.Id, c.UserId, c.UserId, state.LastSequence, c.Now),
        RenameGroup c => new GroupRenamed(state.Id, state.Title ?? "", c.UserId, c.Now),
        SetAdmin { Admin: true } c => new AdminPromoted(state.Id, c.MemberId, c.UserId, c.Now),
        SetAdmin c => new AdminDemoted(state.Id, c.MemberId, c.UserId, c.Now),
        SetDisappearingTimer c => new DisappearingTimerSet(state.Id, c.AfterSeconds, c.UserId, c.Now),
        SetBlocked { Blocked: true } c => new UserBlocked(state.Id, c.UserId, state.OtherMember(c.UserId), c.Now),
        SetBlocked c => new UserUnblocked(state.Id, c.UserId, state.OtherMember(c.UserId), c.Now),
        _ => null,
    };
}
