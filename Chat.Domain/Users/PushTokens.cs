using System.Text.RegularExpressions;
using Chat.Domain.Conversations;

namespace Chat.Domain.Users;

/// <summary>Where a device is woken when it is not connected: its platform's push token, handed to the push gateway.</summary>
public sealed record PushTarget(string DeviceId, string Platform, string Token);

/// <summary>The device registered (or replaced) its push token; notifications for it go to the gateway with it.</summary>
public sealed record PushTokenRegistered(Guid UserId, string DeviceId, string Platform, string Token, DateTimeOffset At);

/// <summary>The device's push token is gone: the client removed it (signing out) or the gateway said it is dead.</summary>
public sealed record PushTokenRemoved(Guid UserId, string DeviceId, DateTimeOffset At);

public sealed record RegisterPushToken(Guid UserId, string DeviceId, string? Platform, string? Token, DateTimeOffset Now);

/// <summary>A notification that is due: the message (or the reaction to one), and the device of a recipient to wake for it.</summary>
public sealed record PushDue(Guid UserId, PushTarget Target, MessageSent Message);

public sealed record ReactionDue(Guid UserId, PushTarget Target, ReactionChanged Reaction);

/// <summary>What decides whose devices are woken: the users' push targets, their mutes, and the devices connected.</summary>
public sealed record PushAudience(
    IReadOnlyDictionary<Guid, IReadOnlyList<PushTarget>> Targets, IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, DateTimeOffset?>> Muted,
    IReadOnlySet<(Guid UserId, string DeviceId)> Connected)
{
    /// <summary>
    /// The user's devices with a push token to wake for something that happened in the conversation at <paramref name="at"/>:
    /// not those connected (they get it over the hub); none if the user muted the conversation, or for anything older
    /// than <see cref="PushTokens.MaxAge"/>.
    /// </summary>
    public IEnumerable<PushTarget> Woken(Guid userId, Guid conversationId, DateTimeOffset at, DateTimeOffset now) =>
        now - at >= PushTokens.MaxAge || (Muted.GetValueOrDefault(userId)?.IsMuted(conversationId, now) ?? false)
            ? []
            : (Targets.GetValueOrDefault(userId) ?? []).Where(target => !Connected.Contains((userId, target.DeviceId)));
}

/// <summary>Push notifications for devices that are not connected (docs/adr/0013-push-notifications.md).</summary>
public static partial class PushTokens
{
    public const int MaxTokenLength = 4096;

    /// <summary>A notification later than this is noise (the daemon catching up after an outage, or a first start on old history).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    public static PushTokenRegistered? Register(RegisterPushToken c, IReadOnlyList<PushTarget> current)
    {
        if (c.Platform is null || !PlatformPattern().IsMatch(c.Platform))
            throw DomainError.Invalid("platform", "platform must be 1 to 32 lowercase letters, digits, '.', '_' or '-', such as fcm, apns or webpush.");
        if (string.IsNullOrWhiteSpace(c.Token) || c.Token.Length > MaxTokenLength || c.Token.Any(char.IsControl))
            throw DomainError.Invalid("token", $"token must be 1 to {MaxTokenLength} characters, none of them control characters.");
        if (current.Any(t => t == new PushTarget(c.DeviceId, c.Platform, c.Token))) return null; // apps register on every start
        return new PushTokenRegistered(c.UserId, c.DeviceId, c.Platform, c.Token, c.Now);
    }

    /// <summary>Nothing to remove is no error: a client signing out removes its token whether or not it had one.</summary>
    public static PushTokenRemoved? Remove(Guid userId, string deviceId, IReadOnlyList<PushTarget> current, DateTimeOffset now) =>
        current.Any(t => t.DeviceId == deviceId) ? new PushTokenRemoved(userId, deviceId, now) : null;

    /// <summary>
    /// A token that is no longer the device's to keep (the gateway said it is dead, or another device registered it: the
    /// phone changed hands): removed only if the device still has that token, not one registered since.
    /// </summary>
    public static PushTokenRemoved? Forget(Guid userId, PushTarget target, IReadOnlyList<PushTarget> current, DateTimeOffset now) =>
        current.Contains(target) ? new PushTokenRemoved(userId, target.DeviceId, now) : null;

    public static IReadOnlyList<PushTarget> Evolve(IReadOnlyList<PushTarget> current, object @event) => @event switch
    {
        PushTokenRegistered e => [.. current.Where(t => t.DeviceId != e.DeviceId), new PushTarget(e.DeviceId, e.Platform, e.Token)],
        PushTokenRemoved e => [.. current.Where(t => t.DeviceId != e.DeviceId)],
        DeviceRemoved e => [.. current.Where(t => t.DeviceId != e.DeviceId)],
        _ => current,
    };

    /// <summary>
    /// Who is woken for a message: the devices of every member it was for (not the sender, not a member who joined after
    /// it), as <see cref="PushAudience.Woken"/> says.
    /// </summary>
    public static IEnumerable<PushDue> Due(
        MessageSent message, IEnumerable<(Guid UserId, long JoinedAfter)> members, PushAudience audience, DateTimeOffset now) =>
        from member in members
        where member.UserId != message.SenderId && member.JoinedAfter < message.Sequence
        from target in audience.Woken(member.UserId, message.ConversationId, message.SentAt, now)
        select new PushDue(member.UserId, target, message);

    /// <summary>
    /// Who is woken for a reaction: the devices of the message's author, when someone else reacted (not when a reaction
    /// is taken back), on the same terms as for a message.
    /// </summary>
    public static IEnumerable<ReactionDue> Due(ReactionChanged reaction, Guid authorId, PushAudience audience, DateTimeOffset now) =>
        reaction.Emoji is null || reaction.UserId == authorId
            ? []
            : audience.Woken(authorId, reaction.ConversationId, reaction.At, now).Select(target => new ReactionDue(authorId, target, reaction));

    [GeneratedRegex("^[a-z0-9._-]{1,32}$")]
    private static partial Regex PlatformPattern();
}
