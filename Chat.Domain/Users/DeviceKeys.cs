namespace Chat.Domain.Users;

/// <summary>A public key and the id the client gave it; the server keeps keys as opaque base64 and never holds a private one.</summary>
public sealed record PreKey(int KeyId, string PublicKey);

/// <summary>The device's medium-term prekey, signed with its identity key (the client checks the signature, not the server).</summary>
public sealed record SignedPreKey(int KeyId, string PublicKey, string Signature);

/// <summary>A device published its identity key and signed prekey, replacing earlier ones, and added one-time prekeys.</summary>
public sealed record DeviceKeysPublished(
    Guid UserId, string DeviceId, string IdentityKey, SignedPreKey SignedPreKey, PreKey[] OneTimePreKeys, DateTimeOffset At);

/// <summary>Someone starting encrypted sessions with the user took one one-time prekey of each listed device.</summary>
public sealed record OneTimePreKeysClaimed(Guid UserId, Guid ClaimedBy, DeviceKeyClaim[] Claims, DateTimeOffset At);

public sealed record DeviceKeyClaim(string DeviceId, int KeyId);

public sealed record PublishKeys(
    Guid UserId, string DeviceId, string? IdentityKey, SignedPreKey? SignedPreKey, PreKey[]? OneTimePreKeys, DateTimeOffset Now);

/// <summary>A device's keys as the directory keeps them.</summary>
public sealed record DeviceKeySet(string DeviceId, string IdentityKey, SignedPreKey SignedPreKey, PreKey[] OneTimePreKeys);

/// <summary>
/// The public-key directory end-to-end encryption needs (a Signal-style prekey server): each device publishes its keys;
/// whoever starts a session with a user claims one one-time prekey per device, and each is handed out once.
/// </summary>
public static class KeyDirectory
{
    public const int MaxKeyLength = 512;
    public const int MaxOneTimePreKeysPerCall = 100;
    public const int MaxOneTimePreKeysPerDevice = 200;

    public static DeviceKeysPublished Publish(PublishKeys c, IReadOnlyList<DeviceKeySet> current)
    {
        var identityKey = Key("identityKey", c.IdentityKey);
        var signed = c.SignedPreKey ?? throw DomainError.Invalid("signedPreKey", "signedPreKey is required.");
        signed = new SignedPreKey(KeyId("signedPreKey", signed.KeyId), Key("signedPreKey", signed.PublicKey), Key("signedPreKey", signed.Signature));
        var oneTime = c.OneTimePreKeys ?? [];
        if (oneTime.Length > MaxOneTimePreKeysPerCall)
            throw DomainError.Invalid("oneTimePreKeys", $"At most {MaxOneTimePreKeysPerCall} one-time prekeys per call.");
        oneTime = [.. oneTime.Select(k => new PreKey(KeyId("oneTimePreKeys", k.KeyId), Key("oneTimePreKeys", k.PublicKey)))];
        if (oneTime.DistinctBy(k => k.KeyId).Count() != oneTime.Length)
            throw DomainError.Invalid("oneTimePreKeys", "Each one-time prekey needs its own keyId.");

        var published = new DeviceKeysPublished(c.UserId, c.DeviceId, identityKey, signed, oneTime, c.Now);
        var kept = Evolve(current, published).Single(d => d.DeviceId == c.DeviceId).OneTimePreKeys.Length;
        if (kept > MaxOneTimePreKeysPerDevice)
            throw DomainError.Invalid("oneTimePreKeys", $"A device keeps at most {MaxOneTimePreKeysPerDevice} one-time prekeys; it would have {kept}.");
        return published;
    }

    /// <summary>The first one-time prekey of each device that has one left; null when none has (the signed prekey serves alone).</summary>
    public static OneTimePreKeysClaimed? Claim(Guid userId, Guid claimedBy, IReadOnlyList<DeviceKeySet> current, DateTimeOffset now)
    {
        DeviceKeyClaim[] claims = [.. current.Where(d => d.OneTimePreKeys.Length > 0).Select(d => new DeviceKeyClaim(d.DeviceId, d.OneTimePreKeys[0].KeyId))];
        return claims.Length == 0 ? null : new OneTimePreKeysClaimed(userId, claimedBy, claims, now);
    }

    public static IReadOnlyList<DeviceKeySet> Evolve(IReadOnlyList<DeviceKeySet> current, object @event) => @event switch
    {
        DeviceKeysPublished p => [.. current.Where(d => d.DeviceId != p.DeviceId), Published(current.FirstOrDefault(d => d.DeviceId == p.DeviceId), p)],
        OneTimePreKeysClaimed c => [.. current.Select(d => c.Claims.FirstOrDefault(x => x.DeviceId == d.DeviceId) is { } claim
            ? d with { OneTimePreKeys = [.. d.OneTimePreKeys.Where(k => k.KeyId != claim.KeyId)] }
            : d)],
        DeviceRemoved r => [.. current.Where(d => d.DeviceId != r.DeviceId)],
        _ => current,
    };

    // A new identity key is a new installation: the prekeys of the old one are of no use to anyone.
    private static DeviceKeySet Published(DeviceKeySet? before, DeviceKeysPublished p)
    {
        var kept = before is not null && before.IdentityKey == p.IdentityKey
            ? before.OneTimePreKeys.Where(k => p.OneTimePreKeys.All(n => n.KeyId != k.KeyId))
            : [];
        return new DeviceKeySet(p.DeviceId, p.IdentityKey, p.SignedPreKey, [.. kept, .. p.OneTimePreKeys]);
    }

    private static string Key(string field, string? value) =>
        value is { Length: > 0 and <= MaxKeyLength } && Convert.TryFromBase64String(value, new byte[value.Length], out _)
            ? value
            : throw DomainError.Invalid(field, $"{field}: keys and signatures are base64, 1 to {MaxKeyLength} characters.");

    private static int KeyId(string field, int keyId) =>
        keyId >= 0 ? keyId : throw DomainError.Invalid(field, $"{field}: keyId must not be negative.");
}
