using Chat.Domain.Users;
using Chat.Projections.Presence;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi;

/// <summary>
/// The user's privacy settings: who sees their presence, whether their reads are shown (docs/adr/0026-read-receipts-off.md),
/// and who may add them to groups (docs/adr/0030-who-can-add-me-to-groups.md).
/// </summary>
public static class PrivacyEndpoints
{
    public static void MapPrivacy(this IEndpointRouteBuilder api)
    {
        // GET /api/me/privacy: the caller's settings, for a settings screen.
        api.MapGet("/me/privacy", async (HttpContext http, IQuerySession session) =>
        {
            var presence = await session.LoadAsync<UserPresence>(http.User.UserId(), http.RequestAborted);
            return new PrivacySettings(WireName(presence?.LastSeen ?? Visibility.Everyone), !(presence?.ReadReceiptsOff ?? false),
                WireName(presence?.GroupAdds ?? Visibility.Everyone));
        });

        // PUT /api/me/privacy {lastSeen, readReceipts, groups}: any of them, in one commit on the account's stream.
        api.MapPut("/me/privacy", async (PrivacyRequest request, HttpContext http, IDocumentStore store, ReadReceiptSettings readReceipts,
            TimeProvider clock) =>
        {
            if (request.LastSeen is null && request.ReadReceipts is null && request.Groups is null)
                throw DomainError.Invalid("lastSeen", "Give lastSeen, readReceipts, groups or more than one of them.");
            var (me, now) = (http.User.UserId(), clock.GetUtcNow());
            List<object> changes = [];
            if (request.LastSeen is not null) changes.Add(new PresencePrivacyChanged(me, ParseVisibility("lastSeen", request.LastSeen), now));
            if (request.Groups is not null) changes.Add(new GroupAddsPrivacyChanged(me, ParseVisibility("groups", request.Groups), now));
            if (request.ReadReceipts is { } send) changes.Add(new ReadReceiptsChanged(me, send, now));
            await AccountStream.Append(store, me, changes, http.RequestAborted);
            if (request.ReadReceipts is { } sent) readReceipts.Changed(me, off: !sent);
            return Results.NoContent();
        });
    }

    private static Visibility ParseVisibility(string field, string value) => value switch
    {
        "everyone" => Visibility.Everyone,
        "contacts" => Visibility.Contacts,
        "nobody" => Visibility.Nobody,
        _ => throw DomainError.Invalid(field, $"{field} must be \"everyone\", \"contacts\" or \"nobody\"."),
    };

    private static string WireName(Visibility visibility) => visibility.ToString().ToLowerInvariant();
}
