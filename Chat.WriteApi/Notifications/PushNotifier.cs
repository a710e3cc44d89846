using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.Projections.Notifications;
using Chat.Projections.Sessions;
using Chat.Projections.Summaries;
using Chat.WriteApi.Accounts;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi.Notifications;

/// <summary>
/// A Marten subscription (async daemon) that wakes the devices a message is for while they are not connected, and the
/// author's when someone reacts to theirs: at least once per device and message or reaction (a repeat carries the same
/// notification id), never for one older than
/// <see cref="PushTokens.MaxAge"/>. Registered only when a gateway is configured (docs/adr/0013-push-notifications.md).
/// </summary>
public sealed class PushNotifier : SubscriptionBase
{
    private readonly PushGateway _gateway;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;

    // The document store is resolved when needed, not here: it is built with this subscription.
    public PushNotifier(PushGateway gateway, IServiceProvider services, TimeProvider clock)
    {
        (_gateway, _services, _clock) = (gateway, services, clock);
        Name = "PushNotifications";
        IncludeType<MessageSent>();
        IncludeType<ReactionChanged>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var messages = page.Events.Select(e => e.Data).OfType<MessageSent>().ToList();
        var reactions = page.Events.Select(e => e.Data).OfType<ReactionChanged>().Where(r => r.Emoji is not null).ToList();
        if (messages.Count == 0 && reactions.Count == 0) return NullChangeListener.Instance;
        var rosters = (await operations.LoadManyAsync<ConversationRoster>(ct, messages.Select(m => m.ConversationId).Distinct()))
            .ToDictionary(r => r.Id);
        // A reaction wakes the author of the message it is on.
        var authors = (await operations.LoadManyAsync<ChatMessage>(ct, reactions.Select(r => r.MessageId).Distinct()))
            .ToDictionary(m => m.Id, m => m.SenderId);
        var members = rosters.Values.SelectMany(r => r.Members).Select(m => m.UserId).Concat(authors.Values).Distinct();
        var woken = (await operations.LoadManyAsync<UserPushTargets>(ct, members)).Where(t => t.Targets.Count > 0).ToList();
        if (woken.Count == 0) return NullChangeListener.Instance;
        var audience = new PushAudience(woken.ToDictionary(t => t.Id, t => t.Targets), woken.ToDictionary(t => t.Id, t => t.Muted),
            await Connected(operations, [.. woken.Select(t => t.Id)], now, ct));
        var dueMessages = messages.SelectMany(m => PushTokens.Due(m,
            rosters.GetValueOrDefault(m.ConversationId)?.Members.Select(x => (x.UserId, x.JoinedAfter)) ?? [], audience, now)).ToList();
        var dueReactions = reactions.Where(r => authors.ContainsKey(r.MessageId))
            .SelectMany(r => PushTokens.Due(r, authors[r.MessageId], audience, now)).ToList();
        if (dueMessages.Count == 0 && dueReactions.Count == 0) return NullChangeListener.Instance;
        var badges = await Badges(operations, [.. dueMessages.Select(d => d.UserId).Concat(dueReactions.Select(d => d.UserId)).Distinct()],
            audience, messages, now, ct);
        var due = dueMessages.Select(d => (d.UserId, d.Target, Notification: ToNotification(d, badges[d.UserId])))
            .Concat(dueReactions.Select(d => (d.UserId, d.Target, Notification: ToNotification(d, badges[d.UserId]))))
            .ToList();
        var rejected = (await _gateway.Send([.. due.Select(d => d.Notification)], ct)).ToHashSet();
        foreach (var dead in due.Where(d => rejected.Contains(d.Target.Token)).DistinctBy(d => (d.UserId, d.Target)))
            await AccountStream.ChangeLocked<UserPushTargets, bool>(_services.GetRequiredService<IDocumentStore>(), dead.UserId,
                t => (true, PushTokens.Forget(dead.UserId, dead.Target, t?.Targets ?? [], now)), ct);
        return NullChangeListener.Instance;
    }

    /// <summary>The devices with a hub connection on a live node with their app in front (the session map): they get the message there.</summary>
    private static async Task<IReadOnlySet<(Guid, string)>> Connected(IDocumentOperations operations, Guid[] userIds, DateTimeOffset now, CancellationToken ct)
    {
        var live = (await operations.Query<NodeHeartbeat>().ToListAsync(ct)).Where(n => n.IsAlive(now)).Select(n => n.Id).ToHashSet();
        var entries = await operations.Query<SessionEntry>().Where(e => e.UserId.IsOneOf(userIds)).ToListAsync(ct);
        return entries.Where(e => live.Contains(e.NodeId) && !e.InBackground).Select(e => (e.UserId, e.DeviceId)).ToHashSet();
    }

    /// <summary>Each woken user's <see cref="UnreadBadge"/>: their conversations (the inline rosters), then those conversations' summaries.</summary>
    private static async Task<Dictionary<Guid, long>> Badges(IDocumentOperations operations, Guid[] userIds, PushAudience audience,
        IReadOnlyList<MessageSent> page, DateTimeOffset now, CancellationToken ct)
    {
        var batch = operations.CreateBatchQuery();
        var memberships = userIds.ToDictionary(u => u, u => batch.Query<ConversationRoster>().Where(r => r.MemberIds.Contains(u)).Select(r => r.Id).ToList());
        await batch.Execute(ct);
        var conversations = new Dictionary<Guid, IReadOnlyList<Guid>>();
        foreach (var (userId, ids) in memberships) conversations[userId] = await ids;
        var summaries = (await operations.LoadManyAsync<ConversationSummary>(ct, conversations.Values.SelectMany(ids => ids).Distinct()))
            .ToDictionary(s => s.Id);
        return userIds.ToDictionary(u => u, u => UnreadBadge.For(u, conversations[u], summaries,
            audience.Muted.GetValueOrDefault(u) ?? Mutes.None, page, now));
    }

    private static PushNotification ToNotification(PushDue d, long unread) => new($"{d.Message.MessageId:N}:{d.Target.DeviceId}", d.UserId,
        d.Target.DeviceId, d.Target.Platform, d.Target.Token, d.Message.ConversationId, d.Message.MessageId, d.Message.SenderId,
        d.Message.Sequence, d.Message.SentAt, PushKinds.Message, unread);

    private static PushNotification ToNotification(ReactionDue d, long unread) => new($"{d.Reaction.MessageId:N}:{d.Reaction.Sequence}:{d.Target.DeviceId}",
        d.UserId, d.Target.DeviceId, d.Target.Platform, d.Target.Token, d.Reaction.ConversationId, d.Reaction.MessageId, d.Reaction.UserId,
        d.Reaction.Sequence, d.Reaction.At, PushKinds.Reaction, unread);
}
