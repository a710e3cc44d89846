using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Presence;

/// <summary>
/// A user's presence, with their privacy settings: who sees it (<see cref="LastSeen"/>), whether their reads are shown,
/// and who may add them to groups (<see cref="GroupAdds"/>).
/// </summary>
public sealed record UserPresence(Guid Id, bool Online, DateTimeOffset? LastSeenAt, Visibility LastSeen, bool ReadReceiptsOff = false,
    Visibility GroupAdds = Visibility.Everyone)
{
    /// <summary>Whether <paramref name="adder"/> may put this user in a group; <paramref name="adderIsContact"/>: the user has written to them.</summary>
    public bool AddableBy(Guid adder, bool adderIsContact) => adder == Id || GroupAdds switch
    {
        Visibility.Everyone => true,
        Visibility.Contacts => adderIsContact,
        _ => false,
    };

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
        IncludeType<GroupAddsPrivacyChanged>();
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
            GroupAddsPrivacyChanged g => state with { GroupAdds = g.AddedBy },
            _ => snapshot,
        };
    }
}
