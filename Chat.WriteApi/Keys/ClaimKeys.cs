using Chat.Domain.Users;
using Chat.Projections.Keys;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi.Keys;

public static class ClaimKeysEndpoint
{
    /// <summary>
    /// POST /api/users/{userId}/keys/claim: the keys to start an encrypted session with each of the user's devices that
    /// published some, with one one-time prekey each while they last; a one-time prekey is handed out once, ever. Rate
    /// limited per caller (<see cref="ClaimRateLimit"/>).
    /// </summary>
    public static void MapClaimKeys(this IEndpointRouteBuilder api) =>
        api.MapPost("/users/{userId:guid}/keys/claim", async (
            Guid userId, HttpContext http, IQuerySession query, IDocumentStore store, ClaimRateLimit limit, TimeProvider clock) =>
        {
            var caller = http.User.UserId();
            await limit.Claiming(query, store, caller, http.RequestAborted);
            if (await query.LoadAsync<UserAccount>(userId, http.RequestAborted) is null) throw DomainError.NotFound("The user");
            var (devices, claimed) = await AccountStream.ChangeLocked<UserKeys, (IReadOnlyList<DeviceKeySet>, OneTimePreKeysClaimed?)>(store, userId, keys =>
            {
                var current = keys?.Devices ?? [];
                var claim = KeyDirectory.Claim(userId, caller, current, clock.GetUtcNow());
                return ((current, claim), claim);
            }, http.RequestAborted);
            var handedOut = claimed?.Claims.ToDictionary(c => c.DeviceId, c => c.KeyId) ?? [];
            return new KeyBundles(userId, [.. devices.Select(d => new DeviceKeyBundle(d.DeviceId, d.IdentityKey,
                new SignedPreKeyView(d.SignedPreKey.KeyId, d.SignedPreKey.PublicKey, d.SignedPreKey.Signature),
                handedOut.TryGetValue(d.DeviceId, out var keyId)
                    ? d.OneTimePreKeys.Where(k => k.KeyId == keyId).Select(k => new PreKeyView(k.KeyId, k.PublicKey)).Single()
                    : null))]);
        });
}
