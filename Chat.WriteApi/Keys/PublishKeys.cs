using Chat.Domain.Users;
using Chat.Projections.Keys;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi.Keys;

public static class PublishKeysEndpoint
{
    /// <summary>
    /// PUT /api/me/keys: the caller's device publishes its identity key and signed prekey (replacing earlier ones) and adds
    /// one-time prekeys; a new identity key drops the device's old one-time prekeys.
    /// </summary>
    public static void MapPublishKeys(this IEndpointRouteBuilder api) =>
        api.MapPut("/me/keys", async (PublishKeysRequest request, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var command = new PublishKeys(me, http.User.DeviceId(), request.IdentityKey,
                request.SignedPreKey is { } s ? new SignedPreKey(s.KeyId, s.PublicKey, s.Signature) : null,
                request.OneTimePreKeys?.Select(k => new PreKey(k.KeyId, k.PublicKey)).ToArray(), clock.GetUtcNow());
            await AccountStream.ChangeLocked<UserKeys, bool>(store, me,
                keys => (true, KeyDirectory.Publish(command, keys?.Devices ?? [])), http.RequestAborted);
            return Results.NoContent();
        });
}
