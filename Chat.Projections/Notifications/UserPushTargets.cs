using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Notifications;

/// <summary>How a user is woken: the push tokens of their devices, and the conversations they muted (<see cref="Mutes"/>).</summary>
public sealed record UserPushTargets(Guid Id, IReadOnlyList<PushTarget> Targets)
{
    public IReadOnlyDictionary<Guid, DateTimeOffset?> Muted { get; init; } = Mutes.None;
}

/// <summary>Inline: a registration decides on it, and a message sent right after must wake the device.</summary>
public sealed class UserPushTargetsProjection : SingleStreamProjection<UserPushTargets, Guid>
{
    public UserPushTargetsProjection()
    {
        IncludeType<PushTokenRegistered>();
        IncludeType<PushTokenRemoved>();
        IncludeType<DeviceRemoved>();
        IncludeType<ConversationMuted>();
        IncludeType<ConversationUnmuted>();
        IncludeType<AccountDeleted>();
        IncludeType<AccountSuspended>();
    }

    public override UserPushTargets? Evolve(UserPushTargets? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, AccountDeleted) => null,
        // A suspended account is not woken; reinstated, its devices register again when they sign in (docs/adr/0024-account-suspension.md).
        (not null, AccountSuspended) => snapshot with { Targets = [] },
        (null, PushTokenRegistered or ConversationMuted) => Evolve(new UserPushTargets(id, []), id, e),
        (not null, ConversationMuted or ConversationUnmuted) => snapshot with { Muted = Mutes.Evolve(snapshot.Muted, e.Data) },
        (not null, _) => snapshot with { Targets = PushTokens.Evolve(snapshot.Targets, e.Data) },
        _ => snapshot,
    };
}
