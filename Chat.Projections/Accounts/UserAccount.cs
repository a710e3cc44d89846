using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Accounts;

/// <summary>An account as sign-in needs it; <see cref="NormalizedUsername"/> carries the unique index.</summary>
public sealed record UserAccount(Guid Id, string Username, string NormalizedUsername, string DisplayName, string PasswordHash);

/// <summary>Inline: a user signs in right after registering, and the unique username index must hold at commit.</summary>
public sealed class UserAccountProjection : SingleStreamProjection<UserAccount, Guid>
{
    // Only account streams: without the filter every conversation commit would look up accounts by stream id.
    public UserAccountProjection() => IncludeType<UserRegistered>();

    public override UserAccount? Evolve(UserAccount? snapshot, Guid id, IEvent e) => e.Data switch
    {
        UserRegistered r => new UserAccount(r.UserId, r.Username, Registration.Normalize(r.Username), r.DisplayName, r.PasswordHash),
        _ => snapshot,
    };
}
