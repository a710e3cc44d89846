using Chat.Domain.Users;
using Chat.WriteApi.Realtime;
using MassTransit;

namespace Chat.WriteApi.Accounts;

public static class RemoveDeviceEndpoint
{
    /// <summary>DELETE /api/me/devices/{deviceId}: the device's tokens stop working and its connections end, on every node.</summary>
    public static void MapRemoveDevice(this IEndpointRouteBuilder api) =>
        api.MapDelete("/me/devices/{deviceId}", async (
            string deviceId, HttpContext http, IDocumentStore store, ConnectionRegistry connections, IPublishEndpoint bus, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            await AccountStream.Change(store, me,
                account => (true, (object?)Devices.Remove(me, deviceId, account.LinkedDevices, clock.GetUtcNow())), http.RequestAborted);
            await connections.DisconnectEverywhere(bus, me, deviceId, http.RequestAborted);
            return Results.NoContent();
        });
}
