using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Accounts;

/// <summary>
/// An account as sign-in needs it; <see cref="NormalizedUsername"/> carries the unique index. <see cref="Devices"/>
/// are the linked devices a token may name; <see cref="AvatarId"/> the profile photo, if any; <see cref="SuspendedFor"/>
/// the reason of the last suspension (<see cref="Suspensions"/>) until it is lifted, null when there is none, and
/// <see cref="SuspendedUntil"/> when it runs out by itself, if it does.
/// </summary>
public sealed record UserAccount(
    Guid Id, string Username, string NormalizedUsername, string DisplayName, string PasswordHash, IReadOnlyList<LinkedDevice>? Devices = null,
    Guid? AvatarId = null, string? SuspendedFor = null, DateTimeOffset? SuspendedUntil = null)
{
    /// <summary>The suspension in force at <paramref name="now"/>, if any.</summary>
    public Suspension? SuspensionAt(DateTimeOffset now) =>
        SuspendedFor is { } reason && !(SuspendedUntil <= now) ? new Suspension(reason, SuspendedUntil) : null;

    public IReadOnlyList<LinkedDevice> LinkedDevices => Devices ?? [];

    public bool HasLink(string deviceId, Guid linkId) => LinkedDevices.Any(d => d.DeviceId == deviceId && d.LinkId == linkId);
}

/// <summary>Inline: a user signs in right after registering, and the unique username index must hold at commit.</summary>
public sealed class UserAccountProjection : SingleStreamProjection<UserAccount, Guid>
{
    // Only account events: without the filter every conversation commit would look up accounts by stream id.
    public UserAccountProjection()
    {
        IncludeType<UserRegistered>();
        IncludeType<DeviceLinked>();
        IncludeType<DeviceRemoved>();
        IncludeType<PasswordChanged>();
        IncludeType<DisplayNameChanged>();
        IncludeType<AvatarChanged>();
        IncludeType<AvatarRemoved>();
        IncludeType<AccountSuspended>();
        IncludeType<AccountReinstated>();
        IncludeType<AccountDeleted>();
    }

    public override UserAccount? Evolve(UserAccount? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, AccountDeleted) => null,
        (_, UserRegistered r) => new UserAccount(r.UserId, r.Username, Registration.Normalize(r.Username), r.DisplayName, r.PasswordHash),
        (not null, DeviceLinked or DeviceRemoved) => snapshot with { Devices = Devices.Evolve(snapshot.LinkedDevices, e.Data) },
        (not null, PasswordChanged p) => snapshot with { PasswordHash = p.PasswordHash },
        (not null, DisplayNameChanged n) => snapshot with { DisplayName = n.DisplayName },
        (not null, AvatarChanged a) => snapshot with { AvatarId = a.AvatarId },
        (not null, AvatarRemoved) => snapshot with { AvatarId = null },
        (not null, AccountSuspended s) => snapshot with { SuspendedFor = s.Reason, SuspendedUntil = s.Until },
        (not null, AccountReinstated) => snapshot with { SuspendedFor = null, SuspendedUntil = null },
        _ => snapshot,
    };
}
