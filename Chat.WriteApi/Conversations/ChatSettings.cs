using Chat.Domain.Users;
using Chat.Projections.Notifications;
using Chat.Projections.Summaries;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Conversations;

/// <summary>The state a change to the caller's own settings for a conversation decides on.</summary>
public sealed record ChatSettingsState(ChatListLayout Layout, IReadOnlyDictionary<Guid, DateTimeOffset?> Muted);

/// <summary>
/// The caller's own settings for one conversation: pinned, archived, muted, cleared, deleted, and the messages deleted for
/// themselves. A change is an event in the user's stream, decided with the stream locked (pins, archives and mutes all
/// take the lock, so both documents read under it are current); when it changes anything, every connected device of the
/// user hears the conversation's settings as they now stand (<see cref="ChatListChanged"/>), ordered by the stream's
/// version (docs/adr/0022-archive-and-pin.md).
/// </summary>
public static class ChatSettings
{
    public static async Task Change(IDocumentStore store, Pushes pushes, TimeProvider clock, Guid userId, Guid conversationId,
        Func<ChatSettingsState, object?> decide, CancellationToken ct)
    {
        var changed = await StoreErrors.ConflictRetry.ExecuteAsync(async token =>
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForExclusiveWriting<UserChatList>(userId, token);
            var targets = await session.LoadAsync<UserPushTargets>(userId, token);
            var before = new ChatSettingsState(stream.Aggregate?.Layout ?? ChatListLayout.Empty, targets?.Muted ?? Mutes.None);
            if (decide(before) is not { } @event) return null;
            stream.AppendOne(@event);
            await session.SaveChangesAsync(token);
            var (layout, muted) = (before.Layout.Evolve(@event), Mutes.Evolve(before.Muted, @event));
            var mutedNow = muted.IsMuted(conversationId, clock.GetUtcNow());
            return new ChatListChanged(conversationId, layout.Pinned.Contains(conversationId), layout.Archived.Contains(conversationId),
                mutedNow, mutedNow ? muted[conversationId] : null, stream.CurrentVersion ?? 0, layout.ClearedUpTo(conversationId),
                layout.HiddenIn(conversationId), layout.Deleted?.Contains(conversationId) ?? false);
        }, ct);
        if (changed is not null) pushes.Send(new Fanout(new Push(HubNames.ChatListChanged, changed), [userId]));
    }
}
