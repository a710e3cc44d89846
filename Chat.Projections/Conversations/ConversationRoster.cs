using Chat.Domain;
using Chat.Domain.Conversations;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Chat.Projections.Conversations;

public sealed record RosterMember(Guid UserId, MemberRole Role, long JoinedAfter);

/// <summary>
/// Who is in a conversation, with roles and join points, and its title: written only when membership changes, never by
/// a send or a receipt, so its size (O(members)) is not paid per message (docs/adr/0008-member-state-off-the-message-path.md).
/// <see cref="BlockedBy"/>: in a direct conversation, the members who blocked the other (docs/adr/0017-blocking.md).
/// <see cref="DisappearAfterSeconds"/>: the disappearing timer, when on (docs/adr/0018-disappearing-messages.md).
/// <see cref="InviteCode"/>: a group's invite link, when it has one, until <see cref="InviteExpiresAt"/> (docs/adr/0021-group-invite-links.md).
/// <see cref="OnlyAdminsSend"/>: a group where only admins send (docs/adr/0025-admins-only-groups.md).
/// <see cref="Description"/>, <see cref="PhotoId"/>: a group's, if set (docs/adr/0029-group-description-and-photo.md).
/// </summary>
public sealed record ConversationRoster(
    Guid Id, ConversationKind Kind, IReadOnlyList<RosterMember> Members, string? Title = null, IReadOnlyList<Guid>? BlockedBy = null,
    long? DisappearAfterSeconds = null, string? InviteCode = null, bool OnlyAdminsSend = false, DateTimeOffset? InviteExpiresAt = null,
    string? Description = null, Guid? PhotoId = null)
{
    /// <summary>Stored with the document so queries can find a user's conversations (and contacts).</summary>
    public Guid[] MemberIds => [.. Members.Select(m => m.UserId)];

    public bool IsMember(Guid userId) => Members.Any(m => m.UserId == userId);

    /// <summary>The conversation's roster, for one of its members: 404 when unknown, 403 when the user is not a member.</summary>
    public static async Task<ConversationRoster> ForMember(IQuerySession session, Guid conversationId, Guid userId, CancellationToken ct)
    {
        var roster = await session.LoadAsync<ConversationRoster>(conversationId, ct) ?? throw DomainError.NotFound("The conversation");
        return roster.IsMember(userId) ? roster : throw DomainError.NotMember();
    }

    /// <summary>Whether either of two users blocked the other (in their direct conversation).</summary>
    public static async Task<bool> BlockedBetween(IQuerySession session, Guid a, Guid b, CancellationToken ct) =>
        await session.LoadAsync<ConversationRoster>(ConversationIds.Direct(a, b), ct) is { BlockedBy.Count: > 0 };
}

/// <summary>Inline: a command or a query right after a membership change must see it.</summary>
public sealed class ConversationRosterProjection : SingleStreamProjection<ConversationRoster, Guid>
{
    // Only membership events: a stream whose commit holds none of them (every send, every receipt) is not touched.
    public ConversationRosterProjection()
    {
        IncludeType<DirectConversationOpened>();
        IncludeType<GroupCreated>();
        IncludeType<MembersAdded>();
        IncludeType<MemberRemoved>();
        IncludeType<GroupRenamed>();
        IncludeType<AdminPromoted>();
        IncludeType<AdminDemoted>();
        IncludeType<UserBlocked>();
        IncludeType<UserUnblocked>();
        IncludeType<DisappearingTimerSet>();
        IncludeType<GroupInviteLinkSet>();
        IncludeType<GroupInviteLinkRevoked>();
        IncludeType<GroupSendPolicySet>();
        IncludeType<GroupDescriptionSet>();
        IncludeType<GroupPhotoChanged>();
    }

    public override ConversationRoster? Evolve(ConversationRoster? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, DirectConversationOpened o) => new(id, ConversationKind.Direct, [.. o.MemberIds.Select(m => new RosterMember(m, MemberRole.Member, 0))]),
        (null, GroupCreated g) => new(id, ConversationKind.Group,
            [.. g.MemberIds.Select(m => new RosterMember(m, m == g.CreatedBy ? MemberRole.Admin : MemberRole.Member, 0))], g.Title),
        (not null, MembersAdded a) => snapshot with
        {
            Members = [.. snapshot.Members, .. a.UserIds.Select(m => new RosterMember(m, MemberRole.Member, a.AfterSequence))],
        },
        (not null, MemberRemoved r) => snapshot with { Members = [.. snapshot.Members.Where(m => m.UserId != r.UserId)] },
        (not null, GroupRenamed r) => snapshot with { Title = r.Title },
        (not null, AdminPromoted p) => WithRole(snapshot, p.UserId, MemberRole.Admin),
        (not null, AdminDemoted d) => WithRole(snapshot, d.UserId, MemberRole.Member),
        (not null, DisappearingTimerSet t) => snapshot with { DisappearAfterSeconds = t.AfterSeconds },
        (not null, GroupInviteLinkSet l) => snapshot with { InviteCode = l.Code, InviteExpiresAt = l.ExpiresAt },
        (not null, GroupInviteLinkRevoked) => snapshot with { InviteCode = null, InviteExpiresAt = null },
        (not null, GroupSendPolicySet p) => snapshot with { OnlyAdminsSend = p.OnlyAdmins },
        (not null, GroupDescriptionSet d) => snapshot with { Description = d.Description },
        (not null, GroupPhotoChanged p) => snapshot with { PhotoId = p.PhotoId },
        (not null, UserBlocked b) => snapshot with { BlockedBy = [.. snapshot.BlockedBy ?? [], b.BlockedBy] },
        (not null, UserUnblocked u) => snapshot with { BlockedBy = [.. (snapshot.BlockedBy ?? []).Where(id => id != u.UnblockedBy)] },
        _ => snapshot,
    };

    private static ConversationRoster WithRole(ConversationRoster roster, Guid userId, MemberRole role) =>
        roster with { Members = [.. roster.Members.Select(m => m.UserId == userId ? m with { Role = role } : m)] };
}
