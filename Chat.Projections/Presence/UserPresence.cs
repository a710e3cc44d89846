using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Presence;

/// <summary>A user's presence, with their privacy settings: who sees it (<see cref="LastSeen"/>), and whether their reads are shown.</summary>
public sealed record UserPresence(Guid Id, bool Online, DateTimeOffset? LastSeenAt, Visibility LastSeen, bool ReadReceiptsOff = false)
{
    /// <summary>What <paramref name="viewerIsContact"/> (or the user itself) may see of this presence.</summary>
    public bool VisibleTo(Guid viewer, bool viewerIsContact) => viewer == Id || LastSeen switch
    {
        Visibility.Everyone => true,
        Visibility.Contacts => viewerIsContact,
        _ => false,
    };
}

/// <summary>Inline: presence changes are rare (state changes only), and the presence route reads them at once.</summary>
public sealed class UserPresenceProjection : SingleStreamProjection<UserPresence, Guid>
{
    public UserPresenceProjection()
    {
        IncludeType<UserCameOnline>();
        IncludeType<UserWentOffline>();
        IncludeType<PresencePrivacyChanged>();
        IncludeType<ReadReceiptsChanged>();
        IncludeType<AccountDeleted>();
    }

    public override UserPresence? Evolve(UserPresence? snapshot, Guid id, IEvent e)
    {
        if (e.Data is AccountDeleted) return null;
        var state = snapshot ?? new UserPresence(id, false, null, Visibility.Everyone);
        return e.Data switch
        {
            UserCameOnline => state with { Online = true },
            UserWentOffline off => state with { Online = false, LastSeenAt = off.LastSeenAt },
            PresencePrivacyChanged p => state with { LastSeen = p.LastSeen },
            ReadReceiptsChanged r => state with { ReadReceiptsOff = !r.Send },
            _ => snapshot,
        };
    }
}
