using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Presence;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Presence;

/// <summary>
/// Online while at least one of a user's connections is active. Heartbeats and reconnects only touch memory;
/// an event is appended to the user's stream when the state changes: online at once, offline only after
/// the grace period (Chat:Presence:GraceSeconds, default 15) without an active connection, so a phone
/// switching networks does not flap.
/// </summary>
public sealed class PresenceTracker(
    IDocumentStore store, Pushes pushes, SessionMap sessions, TimeProvider clock, IConfiguration configuration, ILogger<PresenceTracker> logger)
    : BackgroundService
{
    private readonly TimeSpan _grace = TimeSpan.FromSeconds(configuration.GetValue("Chat:Presence:GraceSeconds", 15.0));
    private readonly Dictionary<Guid, UserState> _users = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task Connected(Guid userId, string connectionId) => Update(userId, s => s.Connected(connectionId));

    public Task Heartbeat(Guid userId, string connectionId, bool active) => Update(userId, s => s.Heartbeat(connectionId, active));

    public Task Disconnected(Guid userId, string connectionId) => Update(userId, s => s.Disconnected(connectionId));

    private async Task Update(Guid userId, Action<UserState> change)
    {
        object? transition = null;
        await _gate.WaitAsync();
        try
        {
            if (!_users.TryGetValue(userId, out var state)) _users[userId] = state = new UserState();
            var wasActive = state.IsActive;
            change(state);
            var now = clock.GetUtcNow();
            if (state.IsActive)
            {
                state.OfflineDueAt = null;
                if (!state.Online) { state.Online = true; transition = new UserCameOnline(userId, now); }
            }
            else if (wasActive || (state.Online && state.OfflineDueAt is null))
            {
                state.LastActiveAt = now;
                state.OfflineDueAt = now + _grace;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (transition is not null) await Record(userId, transition);
    }

    /// <summary>Turns users offline whose grace period ran out; first takes over those a previous run left online.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await AdoptOnlineUsers(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = new List<UserWentOffline>();
            await _gate.WaitAsync(stoppingToken);
            try
            {
                var now = clock.GetUtcNow();
                foreach (var (userId, state) in _users)
                {
                    if (state.OfflineDueAt is not { } at || at > now) continue;
                    state.OfflineDueAt = null;
                    state.Online = false;
                    due.Add(new UserWentOffline(userId, state.LastActiveAt ?? now));
                }
                foreach (var gone in due.Where(d => !_users[d.UserId].HasConnections)) _users.Remove(gone.UserId);
            }
            finally
            {
                _gate.Release();
            }
            foreach (var offline in due)
            {
                // Several nodes: the user is online while any device is connected, to this node or another.
                if (await sessions.ConnectedElsewhere(offline.UserId, stoppingToken)) continue;
                await Record(offline.UserId, offline);
            }
        }
    }

    // After a crash the read model may still say "online": give those users the grace period to come back.
    private async Task AdoptOnlineUsers(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var online = await session.Query<UserPresence>().Where(p => p.Online).Select(p => p.Id).ToListAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            foreach (var userId in online.Where(id => !_users.ContainsKey(id)))
                _users[userId] = new UserState { Online = true, LastActiveAt = now, OfflineDueAt = now + _grace };
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task Record(Guid userId, object change)
    {
        try
        {
            // Account changes append to the same stream: a lost race is retried. Appended at the version read, as account
            // changes are: an append without one takes no lock on the stream first and can deadlock with one that does.
            var presence = await StoreErrors.ConflictRetry.ExecuteAsync(async ct =>
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<UserAccount>(userId, ct);
                if (stream.Aggregate is null) return null; // the account was deleted: nothing more is recorded of it
                stream.AppendOne(change);
                await session.SaveChangesAsync(ct);
                return await session.LoadAsync<UserPresence>(userId, ct);
            });
            if (presence is not null)
            {
                await using var query = store.QuerySession();
                await Announce(query, presence);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record presence change {Change} of user {UserId}", change.GetType().Name, userId);
        }
    }

    /// <summary>PresenceChanged to the user's contacts (users sharing a conversation) when the privacy setting lets them see it.</summary>
    private async Task Announce(IQuerySession session, UserPresence presence)
    {
        if (presence.LastSeen == Visibility.Nobody) return;
        var contacts = await Contacts.Of(session, presence.Id);
        pushes.Send(new Fanout(new Push(HubNames.PresenceChanged, new PresenceChanged(presence.Id, presence.Online, presence.LastSeenAt)), contacts));
    }

    private sealed class UserState
    {
        // One entry per connection, usually one, a few for a user on several devices: a small array costs a fifth of a
        // dictionary for each of the many idle users.
        private (string ConnectionId, bool Active)[] _connections = [];

        public bool IsActive => _connections.Any(c => c.Active);
        public bool HasConnections => _connections.Length > 0;

        public void Connected(string connectionId) => _connections = [.. Without(connectionId), (connectionId, true)];

        public void Heartbeat(string connectionId, bool active)
        {
            var i = Array.FindIndex(_connections, c => c.ConnectionId == connectionId);
            if (i >= 0) _connections[i].Active = active;
        }

        public void Disconnected(string connectionId) => _connections = [.. Without(connectionId)];

        private IEnumerable<(string, bool)> Without(string connectionId) => _connections.Where(c => c.ConnectionId != connectionId);

        public bool Online { get; set; }
        public DateTimeOffset? LastActiveAt { get; set; }
        public DateTimeOffset? OfflineDueAt { get; set; }
    }
}

public static class Contacts
{
    /// <summary>Everyone who shares a conversation with the user, but for those either of them blocked.</summary>
    public static async Task<HashSet<Guid>> Of(IQuerySession session, Guid userId)
    {
        // Only the member ids and blocks leave the database, not the whole roster with roles and join points.
        var rosters = await session.Query<ConversationRoster>().Where(c => c.MemberIds.Contains(userId))
            .Select(c => new { c.MemberIds, c.BlockedBy }).ToListAsync();
        var blocked = rosters.Where(r => r.BlockedBy is { Count: > 0 }).SelectMany(r => r.MemberIds);
        return [.. rosters.SelectMany(r => r.MemberIds).Except(blocked).Where(id => id != userId)];
    }

    public static async Task<bool> AreContacts(IQuerySession session, Guid a, Guid b) =>
        await session.Query<ConversationRoster>().AnyAsync(c => c.MemberIds.Contains(a) && c.MemberIds.Contains(b));
}
