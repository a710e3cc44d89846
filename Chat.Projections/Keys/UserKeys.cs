using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Keys;

/// <summary>The public keys a user's devices published, for those who start encrypted sessions with them.</summary>
public sealed record UserKeys(Guid Id, IReadOnlyList<DeviceKeySet> Devices);

/// <summary>Inline: a claim decides on it and must never hand out a one-time prekey twice; kept apart from the account,
/// which every request's token check loads.</summary>
public sealed class UserKeysProjection : SingleStreamProjection<UserKeys, Guid>
{
    public UserKeysProjection()
    {
        IncludeType<DeviceKeysPublished>();
        IncludeType<OneTimePreKeysClaimed>();
        IncludeType<DeviceRemoved>();
        IncludeType<AccountDeleted>();
    }

    public override UserKeys? Evolve(UserKeys? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, AccountDeleted) => null,
        (null, DeviceKeysPublished p) => new UserKeys(id, KeyDirectory.Evolve([], p)),
        (not null, _) => snapshot with { Devices = KeyDirectory.Evolve(snapshot.Devices, e.Data) },
        _ => snapshot,
    };
}
