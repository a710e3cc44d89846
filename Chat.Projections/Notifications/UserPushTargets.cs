using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Notifications;

/// <summary>The push tokens of a user's devices.</summary>
public sealed record UserPushTargets(Guid Id, IReadOnlyList<PushTarget> Targets);

/// <summary>Inline: a registration decides on it, and a message sent right after must wake the device.</summary>
public sealed class UserPushTargetsProjection : SingleStreamProjection<UserPushTargets, Guid>
{
    public UserPushTargetsProjection()
    {
        IncludeType<PushTokenRegistered>();
        IncludeType<PushTokenRemoved>();
        IncludeType<DeviceRemoved>();
    }

    public override UserPushTargets? Evolve(UserPushTargets? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, PushTokenRegistered r) => new UserPushTargets(id, PushTokens.Evolve([], r)),
        (not null, _) => snapshot with { Targets = PushTokens.Evolve(snapshot.Targets, e.Data) },
        _ => snapshot,
    };
}
