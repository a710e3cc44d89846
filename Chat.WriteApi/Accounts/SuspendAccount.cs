using Chat.Domain.Users;
using Chat.WriteApi.Realtime;
using MassTransit;

namespace Chat.WriteApi.Accounts;

/// <summary>Operators suspend an abusive account and reinstate it (docs/adr/0024-account-suspension.md).</summary>
public static class SuspendAccountEndpoints
{
    public static void MapSuspendAccount(this IEndpointRouteBuilder api)
    {
        // PUT /api/operator/users/{userId}/suspension {reason, until}: 204. Its tokens stop working and its connections end
        // on every node; signing in answers 403 `suspended` with the reason, until reinstated or until `until` if given.
        // Again while suspended changes nothing.
        api.MapPut("/operator/users/{userId:guid}/suspension", async (Guid userId, SuspensionRequest request, HttpContext http,
            IDocumentStore store, ConnectionRegistry connections, IPublishEndpoint bus, TimeProvider clock) =>
        {
            var command = new SuspendAccount(userId, http.User.UserId(), request.Reason, clock.GetUtcNow(), request.Until);
            var devices = await AccountStream.Change(store, userId,
                account => (account.LinkedDevices, (object?)Suspensions.Suspend(command, account.SuspensionAt(command.Now))), http.RequestAborted);
            foreach (var device in devices) await connections.DisconnectEverywhere(bus, userId, device.DeviceId, CancellationToken.None);
            return Results.NoContent();
        }).RequireAuthorization(Staff.Operator);

        // DELETE /api/operator/users/{userId}/suspension: 204; the account signs in again. Fine when it was not suspended (or it ran out).
        api.MapDelete("/operator/users/{userId:guid}/suspension", async (Guid userId, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        {
            var operatorId = http.User.UserId();
            await AccountStream.Change(store, userId,
                account => (true, (object?)Suspensions.Reinstate(userId, operatorId, account.SuspensionAt(clock.GetUtcNow()), clock.GetUtcNow())),
                http.RequestAborted);
            return Results.NoContent();
        }).RequireAuthorization(Staff.Operator);
    }
}
