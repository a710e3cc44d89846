using System.Text.RegularExpressions;

namespace Chat.Domain.Users;

/// <summary>A device the user signed in on; tokens name it, and <see cref="LinkId"/> ties them to this link, not a later one.</summary>
public sealed record LinkedDevice(string DeviceId, string Name, Guid LinkId, DateTimeOffset LinkedAt);

/// <summary>A token was issued for a device the user had not linked yet (or had removed).</summary>
public sealed record DeviceLinked(Guid UserId, string DeviceId, string Name, Guid LinkId, DateTimeOffset At);

/// <summary>The device's tokens stop working and its connections end.</summary>
public sealed record DeviceRemoved(Guid UserId, string DeviceId, DateTimeOffset At);

public sealed record LinkDevice(Guid UserId, string? DeviceId, string? DeviceName, Guid LinkId, int MaxDevices, DateTimeOffset Now);

/// <summary>Multi-device: every device gets every message and has its own delivery watermark (docs/adr/0005-multi-device.md).</summary>
public static partial class Devices
{
    /// <summary>The device of a token requested without a deviceId: single-device clients need not know about devices.</summary>
    public const string DefaultId = "default";
    public const int DefaultMaxPerUser = 5;
    public const int MaxNameLength = 64;

    /// <summary>The device an event names; events from before multi-device name none: they were the default device's.</summary>
    public static string Of(string? deviceId) => deviceId ?? DefaultId;

    /// <summary>The device a token is for: already linked (nothing to append) or newly linked within the limit.</summary>
    public static (LinkedDevice Device, DeviceLinked? Linked) Link(LinkDevice c, IReadOnlyList<LinkedDevice> current)
    {
        var deviceId = c.DeviceId ?? DefaultId;
        if (!IdPattern().IsMatch(deviceId))
            throw DomainError.Invalid("deviceId", "deviceId must be 1 to 64 letters, digits, '.', '_' or '-'.");
        if (current.FirstOrDefault(d => d.DeviceId == deviceId) is { } existing) return (existing, null);
        var name = string.IsNullOrWhiteSpace(c.DeviceName) ? deviceId : c.DeviceName.Trim();
        if (name.Length > MaxNameLength)
            throw DomainError.Invalid("deviceName", $"deviceName must be at most {MaxNameLength} characters.");
        StoredText.Check("deviceName", name);
        if (current.Count >= c.MaxDevices)
            throw new DomainError(ErrorCodes.Conflict,
                $"You already have {current.Count} devices, the most allowed; remove one (DELETE /api/me/devices/{{deviceId}}) first.", "deviceId");
        var linked = new DeviceLinked(c.UserId, deviceId, name, c.LinkId, c.Now);
        return (new LinkedDevice(deviceId, name, c.LinkId, c.Now), linked);
    }

    public static DeviceRemoved Remove(Guid userId, string deviceId, IReadOnlyList<LinkedDevice> current, DateTimeOffset now) =>
        current.Any(d => d.DeviceId == deviceId)
            ? new DeviceRemoved(userId, deviceId, now)
            : throw DomainError.NotFound("The device");

    public static IReadOnlyList<LinkedDevice> Evolve(IReadOnlyList<LinkedDevice> current, object @event) => @event switch
    {
        DeviceLinked e => [.. current, new LinkedDevice(e.DeviceId, e.Name, e.LinkId, e.At)],
        DeviceRemoved e => [.. current.Where(d => d.DeviceId != e.DeviceId)],
        _ => current,
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();
}
