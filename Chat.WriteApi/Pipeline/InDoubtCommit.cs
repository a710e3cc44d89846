using Chat.Projections.History;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// What a commit carried when its connection closed before PostgreSQL's answer: it may have landed. The retry reads and
/// decides again; a send it finds stored, or a change it finds applied (it then decides nothing, or is refused, as
/// removing a member who is gone), was this commit's, so it is answered as done and the events the lost commit decided
/// for it are pushed as new (docs/adr/0002-group-commit.md). Kept for one batch of the commit loop.
/// </summary>
public sealed class InDoubtCommit
{
    private readonly HashSet<Guid> _sends = [];
    private readonly Dictionary<ConversationCommand, object[]> _changes = [];

    public void Clear()
    {
        _sends.Clear();
        _changes.Clear();
    }

    /// <param name="decided">The lost commit's changes other than sends, each with the events decided for it.</param>
    public void Lost(IEnumerable<(ConversationCommand Command, object[] Events)> decided, IEnumerable<Guid> sent)
    {
        _sends.UnionWith(sent);
        foreach (var (command, events) in decided) _changes.TryAdd(command, events);
    }

    /// <summary>Whether a send found stored was the lost commit's (once): then it is new to its sender and recipients.</summary>
    public bool Landed(Guid messageId) => _sends.Remove(messageId);

    /// <summary>Decides the command; one of the lost commit's that lands as nothing adds the pushes its events would have made.</summary>
    /// <param name="target">For an edit, a deletion or a reaction, the message as the store and the batch so far have it.</param>
    public object[] Decide(ConversationCommand command, Conversation state, ChatMessage? target, List<Committed> committed)
    {
        if (!_changes.ContainsKey(command)) return Conversation.Decide(command, state, target?.ToFacts());
        object[] events;
        try
        {
            events = Conversation.Decide(command, state, target?.ToFacts());
        }
        catch (DomainError) when (command is GroupCommand)
        {
            events = []; // the change it refuses now is the one the lost commit made
        }
        if (events.Length == 0 && _changes.Remove(command, out var landed))
            foreach (var e in landed)
                committed.Add(new Committed(null, state, e) // no "before": a group's receipt goes to every sender
                {
                    Revision = target is null ? null : Delivery.ToRevised(target),
                });
        return events;
    }
}
