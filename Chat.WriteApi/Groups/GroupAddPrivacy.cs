using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.Projections.Presence;

namespace Chat.WriteApi.Groups;

/// <summary>
/// Who may put a user in a group (docs/adr/0030-who-can-add-me-to-groups.md): checked where a group is created with
/// members and where members are added, before the command; joining by an invite link is the user's own doing.
/// </summary>
public static class GroupAddPrivacy
{
    /// <summary>403 <c>privacy_restricted</c> when any of <paramref name="userIds"/> does not let <paramref name="adder"/> add them.</summary>
    public static async Task EnsureAllowed(IQuerySession session, Guid adder, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var restricted = (await session.LoadManyAsync<UserPresence>(ct, userIds.Distinct()))
            .Where(p => p.GroupAdds != Visibility.Everyone && p.Id != adder);
        var refused = 0;
        foreach (var user in restricted)
            if (!user.AddableBy(adder, user.GroupAdds == Visibility.Contacts && await HasWrittenTo(session, user.Id, adder, ct))) refused++;
        if (refused > 0)
            throw new DomainError(ErrorCodes.PrivacyRestricted,
                (refused == 1 ? "One of them does not" : $"{refused} of them do not") +
                " let you add them to groups; send them the group's invite link instead.", "userIds");
    }

    /// <summary>
    /// The user has written to the adder in their direct chat and neither blocked the other: opening a direct chat with
    /// someone is not enough, or anyone could open one to add them.
    /// </summary>
    private static async Task<bool> HasWrittenTo(IQuerySession session, Guid userId, Guid adder, CancellationToken ct)
    {
        var direct = ConversationIds.Direct(userId, adder);
        if (await session.LoadAsync<ConversationRoster>(direct, ct) is not { } roster || roster.BlockedBy is { Count: > 0 }) return false;
        return await session.Query<ChatMessage>().AnyAsync(m => m.ConversationId == direct && m.SenderId == userId, ct);
    }
}
