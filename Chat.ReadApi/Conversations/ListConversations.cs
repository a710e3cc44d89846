using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Notifications;
using Chat.Projections.Summaries;

namespace Chat.ReadApi.Conversations;

public static class ListConversations
{
    public const int MaxConversations = 1_000;

    /// <summary>
    /// GET /api/conversations: the caller's conversations, most recent activity first. The rosters (inline, written only
    /// when membership changes) say which they are and who is in them, title and photo, as they stand now; the summaries
    /// (async, read by id: a summary changes with every message, and an index over its members would be rewritten with
    /// it) add the last message and unread count. A conversation whose summary the daemon has not written yet is listed
    /// first, with neither. Pinned ones come before all of them, the latest pinned first; archived ones are listed too,
    /// marked. A chat the caller cleared, or whose last message they deleted for themselves, shows no last message until
    /// a newer one comes; one they deleted is not listed until then.
    /// </summary>
    public static void MapListConversations(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations", async (HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var user = session.CreateBatchQuery();
            var (targets, arranged) = (user.Load<UserPushTargets>(me), user.Load<UserChatList>(me));
            var listed = user.Query<ConversationRoster>()
                .Where(r => r.MemberIds.Contains(me))
                .Select(r => new Listed(r.Id, r.Kind, r.MemberIds, r.Title, r.PhotoId))
                .ToList();
            await user.Execute(http.RequestAborted);
            var muted = (await targets)?.Muted ?? Mutes.None;
            var layout = (await arranged)?.Layout ?? ChatListLayout.Empty;
            var rosters = (await listed).ToDictionary(r => r.Id);
            var now = clock.GetUtcNow();
            var ids = rosters.Keys.ToList();
            var summaries = await session.Query<ConversationSummary>()
                .Where(s => ids.Contains(s.Id))
                .OrderByDescending(s => s.LastActivityAt)
                .Take(MaxConversations)
                .ToListAsync(http.RequestAborted);
            // Below the cap every summary there is was read: the conversations without one are those the daemon trails, usually none.
            var summarised = summaries.Select(s => s.Id).ToHashSet();
            var trailing = summaries.Count < MaxConversations ? rosters.Values.Where(r => !summarised.Contains(r.Id)) : [];
            ConversationListItem Item(Listed r, LastMessageView? last, long unread, long lastSequence) =>
                new(r.Id, r.Kind.WireName(), r.MemberIds, last, unread, lastSequence, r.Title, muted.IsMuted(r.Id, now),
                    muted.IsMuted(r.Id, now) ? muted[r.Id] : null, layout.Pinned.Contains(r.Id), layout.Archived.Contains(r.Id), r.PhotoId);
            var pinRank = layout.Pinned.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => -1 - p.i); // the latest pinned lowest
            return trailing.Where(r => !layout.IsDeleted(r.Id, 0)).Select(r => Item(r, null, 0, 0))
                .Concat(summaries.Where(s => !layout.IsDeleted(s.Id, s.LastMessage?.Sequence ?? 0)).Select(s => Item(rosters[s.Id],
                    s.LastMessage is { } m && !layout.Hides(s.Id, m.Sequence) ? new LastMessageView(m.MessageId, m.SenderId, m.Sequence, m.SentAt,
                        m.DeletedAt is null ? m.Body : null, m.EditedAt, m.DeletedAt) : null,
                    s.UnreadCountFor(me), s.LastSequence)))
                .OrderBy(item => pinRank.GetValueOrDefault(item.ConversationId)) // stable: the rest keep their order
                .Take(MaxConversations)
                .ToList();
        });

    /// <summary>What the list takes of a roster.</summary>
    private sealed record Listed(Guid Id, ConversationKind Kind, Guid[] MemberIds, string? Title, Guid? PhotoId);
}
