using Chat.Projections.Keys;

namespace Chat.ReadApi.Keys;

public static class GetMyKeys
{
    /// <summary>GET /api/me/keys: whether the caller's device has published keys, and how many one-time prekeys it has left.</summary>
    public static void MapGetMyKeys(this IEndpointRouteBuilder api) =>
        api.MapGet("/me/keys", async (HttpContext http, IQuerySession session) =>
        {
            var device = http.User.DeviceId();
            var keys = (await session.LoadAsync<UserKeys>(http.User.UserId(), http.RequestAborted))?.Devices.FirstOrDefault(d => d.DeviceId == device);
            return new MyKeysView(device, keys is not null, keys?.OneTimePreKeys.Length ?? 0);
        });
}
