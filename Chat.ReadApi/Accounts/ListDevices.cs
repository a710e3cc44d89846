namespace Chat.ReadApi.Accounts;

public static class ListDevices
{
    /// <summary>GET /api/me/devices: the caller's linked devices, oldest first, marking the one this token is for.</summary>
    public static void MapListDevices(this IEndpointRouteBuilder api) =>
        api.MapGet("/me/devices", async (HttpContext http, IQuerySession session) =>
        {
            var account = await session.LoadAsync<UserAccount>(http.User.UserId(), http.RequestAborted)
                ?? throw DomainError.NotFound("The user");
            var current = http.User.DeviceId();
            return account.LinkedDevices.Select(d => new DeviceView(d.DeviceId, d.Name, d.LinkedAt, d.DeviceId == current)).ToList();
        });
}
