namespace Chat.Domain.Users;

/// <summary>The user's devices are not woken for the conversation's messages until <see cref="Until"/> (null: until unmuted).</summary>
public sealed record ConversationMuted(Guid UserId, Guid ConversationId, DateTimeOffset? Until, DateTimeOffset At);

public sealed record ConversationUnmuted(Guid UserId, Guid ConversationId, DateTimeOffset At);

public sealed record MuteConversation(Guid UserId, Guid ConversationId, DateTimeOffset? Until, DateTimeOffset Now);

/// <summary>
/// Muted conversations, per user: no push notification for their messages, which still arrive, count as unread and show
/// (docs/protocol.md, "Push notifications"). The mute is the user's, on every device.
/// </summary>
public static class Mutes
{
    public static readonly IReadOnlyDictionary<Guid, DateTimeOffset?> None = new Dictionary<Guid, DateTimeOffset?>();

    public static ConversationMuted? Mute(MuteConversation c, IReadOnlyDictionary<Guid, DateTimeOffset?> current)
    {
        if (c.Until is { } until && until <= c.Now)
            throw DomainError.Invalid("until", "until must be in the future, or null to mute until unmuted.");
        return current.TryGetValue(c.ConversationId, out var existing) && existing == c.Until
            ? null
            : new ConversationMuted(c.UserId, c.ConversationId, c.Until, c.Now);
    }

    /// <summary>Unmuting what is not muted is no error, as removing a push token is not.</summary>
    public static ConversationUnmuted? Unmute(Guid userId, Guid conversationId, IReadOnlyDictionary<Guid, DateTimeOffset?> current, DateTimeOffset now) =>
        current.ContainsKey(conversationId) ? new ConversationUnmuted(userId, conversationId, now) : null;

    public static IReadOnlyDictionary<Guid, DateTimeOffset?> Evolve(IReadOnlyDictionary<Guid, DateTimeOffset?> current, object @event) => @event switch
    {
        ConversationMuted e => new Dictionary<Guid, DateTimeOffset?>(current) { [e.ConversationId] = e.Until },
        ConversationUnmuted e => current.Where(kv => kv.Key != e.ConversationId).ToDictionary(),
        _ => current,
    };

    public static bool IsMuted(this IReadOnlyDictionary<Guid, DateTimeOffset?> muted, Guid conversationId, DateTimeOffset now) =>
        muted.TryGetValue(conversationId, out var until) && (until is null || until > now);
}
