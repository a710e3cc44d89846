using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Notifications;
using Chat.Projections.Summaries;

namespace Chat.ReadApi.Conversations;

public static class ListConversations
{
    public const int MaxConversations = 1_000;

    /// <summary>
    /// GET /api/conversations: the caller's conversations, most recent activity first. The roster (inline, written only
    /// when membership changes) says which they are, at once; their summaries (async, read by id: a summary changes with
    /// every message, and an index over its members would be rewritten with it) add the last message and unread count.
    /// A conversation whose summary the daemon has not written yet is listed from its roster, first, with neither.
    /// Pinned ones come before all of them, the latest pinned first; archived ones are listed too, marked. A chat the
    /// caller cleared shows no last message until a newer one comes.
    /// </summary>
    public static void MapListConversations(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations", async (HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var user = session.CreateBatchQuery();
            var (targets, arranged) = (user.Load<UserPushTargets>(me), user.Load<UserChatList>(me));
            await user.Execute(http.RequestAborted);
            var muted = (await targets)?.Muted ?? Mutes.None;
            var layout = (await arranged)?.Layout ?? ChatListLayout.Empty;
            var now = clock.GetUtcNow();
            var ids = await session.Query<ConversationRoster>()
                .Where(r => r.MemberIds.Contains(me))
                .Select(r => r.Id)
                .ToListAsync(http.RequestAborted);
            var summaries = await session.Query<ConversationSummary>()
                .Where(s => ids.Contains(s.Id))
                .OrderByDescending(s => s.LastActivityAt)
                .Take(MaxConversations)
                .ToListAsync(http.RequestAborted);
            // Below the cap every summary there is was read: the conversations without one are those the daemon trails, usually none.
            var summarised = summaries.Select(s => s.Id).ToHashSet();
            var trailingIds = summaries.Count < MaxConversations ? ids.Where(id => !summarised.Contains(id)).ToList() : [];
            var trailing = trailingIds.Count == 0 ? [] : await session.LoadManyAsync<ConversationRoster>(http.RequestAborted, trailingIds);
            ConversationListItem Item(Guid id, ConversationKind kind, IReadOnlyList<Guid> memberIds, string? title, Guid? photoId,
                LastMessageView? last, long unread, long lastSequence) =>
                new(id, kind.WireName(), memberIds, last, unread, lastSequence, title, muted.IsMuted(id, now), muted.IsMuted(id, now) ? muted[id] : null,
                    layout.Pinned.Contains(id), layout.Archived.Contains(id), photoId);
            var pinRank = layout.Pinned.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => -1 - p.i); // the latest pinned lowest
            return trailing.Select(r => Item(r.Id, r.Kind, r.MemberIds, r.Title, r.PhotoId, null, 0, 0))
                .Concat(summaries.Select(s => Item(s.Id, s.Kind, s.MemberIds, s.Title, s.PhotoId,
                    s.LastMessage is { } m && m.Sequence > layout.ClearedUpTo(s.Id) ? new LastMessageView(m.MessageId, m.SenderId, m.Sequence, m.SentAt,
                        m.DeletedAt is null ? m.Body : null, m.EditedAt, m.DeletedAt) : null,
                    s.UnreadCountFor(me), s.LastSequence)))
                .OrderBy(item => pinRank.GetValueOrDefault(item.ConversationId)) // stable: the rest keep their order
                .Take(MaxConversations)
                .ToList();
        });
}
