namespace Chat.Domain.Users;

/// <summary>The conversation is pinned at the top of the user's list (the latest pinned first); pinning takes it out of the archive.</summary>
public sealed record ConversationPinned(Guid UserId, Guid ConversationId, DateTimeOffset At);

public sealed record ConversationUnpinned(Guid UserId, Guid ConversationId, DateTimeOffset At);

/// <summary>The conversation is in the user's archive, listed apart; archiving unpins it, and a new message leaves it there.</summary>
public sealed record ConversationArchived(Guid UserId, Guid ConversationId, DateTimeOffset At);

public sealed record ConversationUnarchived(Guid UserId, Guid ConversationId, DateTimeOffset At);

/// <summary>
/// The user cleared a conversation's history for themselves: messages up to <see cref="UpToSequence"/> are no longer
/// shown to them, on any device; the other members keep theirs (docs/adr/0027-clearing-a-chat.md).
/// </summary>
public sealed record ChatCleared(Guid UserId, Guid ConversationId, long UpToSequence, DateTimeOffset At);

/// <summary>
/// The user deleted a direct chat for themselves (WhatsApp's "delete chat"): its history is cleared up to
/// <see cref="UpToSequence"/> and it leaves their list until a newer message comes; the other member keeps theirs.
/// </summary>
public sealed record ChatDeleted(Guid UserId, Guid ConversationId, long UpToSequence, DateTimeOffset At);

/// <summary>
/// The user deleted one message for themselves ("delete for me"): it is no longer shown to them, on any device; the other
/// members keep it (docs/adr/0027-clearing-a-chat.md).
/// </summary>
public sealed record MessageHidden(Guid UserId, Guid ConversationId, Guid MessageId, long Sequence, DateTimeOffset At);

/// <summary>
/// How the user arranges their conversation list: the same on every device, as WhatsApp's (docs/adr/0022-archive-and-pin.md).
/// <see cref="Pinned"/> is in pinning order, the latest last; <see cref="Cleared"/>, per conversation, the sequence up to
/// which the user cleared its history; <see cref="Hidden"/>, per conversation, the sequences of single messages the user
/// deleted for themselves past that; <see cref="Deleted"/>, the chats the user deleted, off the list while they hold
/// nothing past what was cleared. Asking again for what is so decides nothing.
/// </summary>
public sealed record ChatListLayout(IReadOnlyList<Guid> Pinned, IReadOnlyList<Guid> Archived, IReadOnlyDictionary<Guid, long>? Cleared = null,
    IReadOnlyDictionary<Guid, long[]>? Hidden = null, IReadOnlyList<Guid>? Deleted = null)
{
    public const int MaxPinned = 3;
    public static readonly ChatListLayout Empty = new([], []);

    public object? Pin(Guid userId, Guid conversationId, bool pin, DateTimeOffset now)
    {
        if (pin == Pinned.Contains(conversationId)) return null;
        if (!pin) return new ConversationUnpinned(userId, conversationId, now);
        return Pinned.Count < MaxPinned
            ? new ConversationPinned(userId, conversationId, now)
            : throw new DomainError(ErrorCodes.Conflict, $"At most {MaxPinned} conversations are pinned; unpin one first.", "conversationId");
    }

    public object? Archive(Guid userId, Guid conversationId, bool archive, DateTimeOffset now) =>
        archive == Archived.Contains(conversationId) ? null
        : archive ? new ConversationArchived(userId, conversationId, now)
        : new ConversationUnarchived(userId, conversationId, now);

    public long ClearedUpTo(Guid conversationId) => Cleared?.GetValueOrDefault(conversationId) ?? 0;

    /// <summary>Clears the history up to <paramref name="upToSequence"/>, at most the conversation's <paramref name="lastSequence"/>; what was cleared stays cleared.</summary>
    public object? Clear(Guid userId, Guid conversationId, long upToSequence, long lastSequence, DateTimeOffset now)
    {
        if (upToSequence < 0 || upToSequence > lastSequence)
            throw DomainError.Invalid("upToSequence", $"upToSequence must be between 0 and the last sequence ({lastSequence}).");
        return upToSequence <= ClearedUpTo(conversationId) ? null : new ChatCleared(userId, conversationId, upToSequence, now);
    }

    /// <summary>The single messages the user deleted for themselves in the conversation, past what they cleared.</summary>
    public long[] HiddenIn(Guid conversationId) => Hidden?.GetValueOrDefault(conversationId) ?? [];

    /// <summary>Whether the user cleared or deleted for themselves the message at <paramref name="sequence"/>.</summary>
    public bool Hides(Guid conversationId, long sequence) =>
        sequence <= ClearedUpTo(conversationId) || HiddenIn(conversationId).Contains(sequence);

    /// <summary>Deletes a message for the user alone; one already cleared or deleted for them decides nothing.</summary>
    public MessageHidden? Hide(Guid userId, Guid conversationId, Guid messageId, long sequence, DateTimeOffset now) =>
        Hides(conversationId, sequence) ? null : new MessageHidden(userId, conversationId, messageId, sequence, now);

    /// <summary>
    /// Deletes a direct chat for the user: everything up to <paramref name="lastSequence"/> cleared, and off the list
    /// until a newer message. A group is left, not deleted (its members list it while they are in it).
    /// </summary>
    public ChatDeleted? Delete(Guid userId, Guid conversationId, bool direct, long lastSequence, DateTimeOffset now)
    {
        if (!direct) throw new DomainError(ErrorCodes.Conflict, "A group is left, not deleted: leave it and it is gone from the list.", "conversationId");
        return IsDeleted(conversationId, lastSequence) ? null : new ChatDeleted(userId, conversationId, lastSequence, now);
    }

    /// <summary>Whether the conversation is off the user's list: they deleted it, and its last message is one they cleared then.</summary>
    public bool IsDeleted(Guid conversationId, long lastMessageSequence) =>
        (Deleted?.Contains(conversationId) ?? false) && lastMessageSequence <= ClearedUpTo(conversationId);

    public ChatListLayout Evolve(object @event) => @event switch
    {
        ChatDeleted e => this with
        {
            Cleared = new Dictionary<Guid, long>(Cleared ?? new Dictionary<Guid, long>()) { [e.ConversationId] = e.UpToSequence },
            Hidden = WithHidden(e.ConversationId, []),
            Deleted = [.. (Deleted ?? []).Where(id => id != e.ConversationId), e.ConversationId],
            Pinned = [.. Pinned.Where(id => id != e.ConversationId)],
            Archived = [.. Archived.Where(id => id != e.ConversationId)],
        },
        // A clear covers the single messages hidden before it: they need not be kept apart any more. A chat cleared is
        // listed, whether or not it was deleted before.
        ChatCleared e => this with
        {
            Cleared = new Dictionary<Guid, long>(Cleared ?? new Dictionary<Guid, long>()) { [e.ConversationId] = e.UpToSequence },
            Hidden = WithHidden(e.ConversationId, [.. HiddenIn(e.ConversationId).Where(s => s > e.UpToSequence)]),
            Deleted = Deleted?.Contains(e.ConversationId) == true ? [.. Deleted.Where(id => id != e.ConversationId)] : Deleted,
        },
        MessageHidden e => this with { Hidden = WithHidden(e.ConversationId, [.. HiddenIn(e.ConversationId), e.Sequence]) },
        ConversationPinned e => this with { Pinned = [.. Pinned, e.ConversationId], Archived = [.. Archived.Where(id => id != e.ConversationId)] },
        ConversationUnpinned e => this with { Pinned = [.. Pinned.Where(id => id != e.ConversationId)] },
        ConversationArchived e => this with { Pinned = [.. Pinned.Where(id => id != e.ConversationId)], Archived = [.. Archived, e.ConversationId] },
        ConversationUnarchived e => this with { Archived = [.. Archived.Where(id => id != e.ConversationId)] },
        _ => this,
    };

    private Dictionary<Guid, long[]> WithHidden(Guid conversationId, long[] sequences)
    {
        var hidden = new Dictionary<Guid, long[]>(Hidden ?? new Dictionary<Guid, long[]>()) { [conversationId] = sequences };
        if (sequences.Length == 0) hidden.Remove(conversationId);
        return hidden;
    }
}
