using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.Presence;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    /// <summary>
    /// The client says whether the user is active or the app is in the background; nothing is stored unless that changes
    /// presence, or the connection's entry in the session map (a device in the background gets push notifications).
    /// </summary>
    public async Task Heartbeat(HeartbeatRequest request)
    {
        var active = request?.Active ?? true;
        await presence.Heartbeat(CurrentUserId, Context.ConnectionId, active);
        // Marked only once stored: a write that failed (the database away) is tried again by the next heartbeat.
        if (connections.Find(CurrentUserId, Context.ConnectionId) is { } connection && connection.InBackground == active)
        {
            await sessions.SetInBackground(Context.ConnectionId, !active, Context.ConnectionAborted);
            connection.InBackground = !active;
        }
    }
}

public static class PresenceEndpoints
{
    public static void MapPresence(this IEndpointRouteBuilder api)
    {
        // GET /api/users/{userId}/presence: online and last seen, each null when the privacy setting or a block hides it from the caller.
        api.MapGet("/users/{userId:guid}/presence", async (Guid userId, HttpContext http, IQuerySession session) =>
        {
            if (await session.LoadAsync<UserAccount>(userId, http.RequestAborted) is null) throw DomainError.NotFound("The user");
            var viewer = http.User.UserId();
            var presence = await session.LoadAsync<UserPresence>(userId, http.RequestAborted)
                ?? new UserPresence(userId, false, null, Visibility.Everyone);
            // Two users of whom one blocked the other see nothing of each other's presence.
            var visible = viewer == userId || (!await ConversationRoster.BlockedBetween(session, viewer, userId, http.RequestAborted)
                && presence.VisibleTo(viewer, await Presence.Contacts.AreContacts(session, viewer, userId)));
            return new PresenceView(userId, visible ? presence.Online : null, visible ? presence.LastSeenAt : null);
        });
    }
}
