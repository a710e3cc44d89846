using Chat.Domain.Users;
using Chat.Projections.Notifications;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi.Notifications;

public static class PushTokenEndpoints
{
    /// <summary>
    /// PUT /api/me/push: the caller's device is woken through this token while it is not connected; DELETE /api/me/push
    /// stops it (a client signing out calls it). Both 204, both safe to repeat.
    /// </summary>
    public static void MapPushTokens(this IEndpointRouteBuilder api)
    {
        api.MapPut("/me/push", async (RegisterPushTokenRequest request, HttpContext http, IQuerySession session, IDocumentStore store,
            TimeProvider clock) =>
        {
            var command = new RegisterPushToken(http.User.UserId(), http.User.DeviceId(), request.Platform, request.Token, clock.GetUtcNow());
            await AccountStream.ChangeLocked<UserPushTargets, bool>(store, command.UserId,
                targets => (true, PushTokens.Register(command, targets?.Targets ?? [])), http.RequestAborted);
            await TakeOver(session, store, command, http.RequestAborted);
            return Results.NoContent();
        });
        api.MapDelete("/me/push", async (HttpContext http, IDocumentStore store, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            await AccountStream.ChangeLocked<UserPushTargets, bool>(store, me,
                targets => (true, PushTokens.Remove(me, http.User.DeviceId(), targets?.Targets ?? [], clock.GetUtcNow())), http.RequestAborted);
            return Results.NoContent();
        });
    }

    /// <summary>
    /// A token belongs to one device: a phone that changed hands (the last user never signed out) or an app reinstalled
    /// under a new device id registers a token another device still holds, which then stops being woken with it.
    /// </summary>
    private static async Task TakeOver(IQuerySession session, IDocumentStore store, RegisterPushToken command, CancellationToken ct)
    {
        var holders = await session.Query<UserPushTargets>().Where(u => u.Targets.Any(t => t.Token == command.Token)).ToListAsync(ct);
        foreach (var holder in holders)
            foreach (var target in holder.Targets.Where(t => t.Token == command.Token && (holder.Id, t.DeviceId) != (command.UserId, command.DeviceId)))
                await AccountStream.ChangeLocked<UserPushTargets, bool>(store, holder.Id,
                    targets => (true, PushTokens.Forget(holder.Id, target, targets?.Targets ?? [], command.Now)), ct);
    }
}
