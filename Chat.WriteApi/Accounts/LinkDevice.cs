using Chat.Domain.Users;

namespace Chat.WriteApi.Accounts;

/// <summary>Links the device a token is asked for, within the per-user limit; a device already linked appends nothing.</summary>
public static class DeviceLinks
{
    public static Task<LinkedDevice> Link(
        IDocumentStore store, Guid userId, string? deviceId, string? deviceName, int maxDevices, TimeProvider clock, CancellationToken ct) =>
        AccountStream.Change(store, userId, account =>
        {
            var (device, linked) = Devices.Link(
                new LinkDevice(userId, deviceId, deviceName, Guid.NewGuid(), maxDevices, clock.GetUtcNow()), account.LinkedDevices);
            return (device, linked);
        }, ct);
}
