using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.Projections.Presence;
using Marten.Services.BatchQuerying;

namespace Chat.WriteApi.Groups;

/// <summary>
/// Who may put a user in a group (docs/adr/0030-who-can-add-me-to-groups.md): checked where a group is created with
/// members and where members are added, before the command; joining by an invite link is the user's own doing.
/// </summary>
public static class GroupAddPrivacy
{
    /// <summary>
    /// 403 <c>privacy_restricted</c> when any of <paramref name="userIds"/> does not let <paramref name="adder"/> add them.
    /// Two round trips however many are added: their settings, then for those who allow contacts only, in one batch,
    /// their direct chats with the adder and whether they wrote in them.
    /// </summary>
    public static async Task EnsureAllowed(IQuerySession session, Guid adder, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var restricted = (await session.LoadManyAsync<UserPresence>(ct, userIds.Distinct()))
            .Where(p => p.GroupAdds != Visibility.Everyone && p.Id != adder).ToList();
        if (restricted.Count == 0) return;
        var contacts = restricted.Where(p => p.GroupAdds == Visibility.Contacts).Select(p => p.Id).ToList();
        var batch = session.CreateBatchQuery();
        var rosters = batch.LoadMany<ConversationRoster>().ById(contacts.Select(u => ConversationIds.Direct(u, adder)).ToArray());
        var wrote = contacts.ToDictionary(u => u, u => WroteTo(batch, u, adder));
        if (contacts.Count > 0) await batch.Execute(ct);
        var unblocked = contacts.Count == 0 ? [] : (await rosters).Where(r => r.BlockedBy is not { Count: > 0 }).Select(r => r.Id).ToHashSet();
        var refused = 0;
        foreach (var user in restricted)
        {
            // The user has written to the adder in their direct chat and neither blocked the other: opening a direct chat
            // with someone is not enough, or anyone could open one to add them.
            var isContact = wrote.TryGetValue(user.Id, out var w) && unblocked.Contains(ConversationIds.Direct(user.Id, adder)) && await w;
            if (!user.AddableBy(adder, isContact)) refused++;
        }
        if (refused > 0)
            throw new DomainError(ErrorCodes.PrivacyRestricted,
                (refused == 1 ? "One of them does not" : $"{refused} of them do not") +
                " let you add them to groups; send them the group's invite link instead.", "userIds");
    }

    private static Task<bool> WroteTo(IBatchedQuery batch, Guid userId, Guid adder)
    {
        var direct = ConversationIds.Direct(userId, adder);
        return batch.Query<ChatMessage>().Where(m => m.ConversationId == direct && m.SenderId == userId).Any();
    }
}
