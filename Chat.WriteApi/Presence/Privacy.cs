using Chat.Domain.Users;
using Chat.Projections.Presence;
using Chat.WriteApi.Accounts;

namespace Chat.WriteApi;

/// <summary>The user's privacy settings: who sees their presence, and whether their reads are shown (docs/adr/0026-read-receipts-off.md).</summary>
public static class PrivacyEndpoints
{
    public static void MapPrivacy(this IEndpointRouteBuilder api)
    {
        // GET /api/me/privacy: the caller's settings, for a settings screen.
        api.MapGet("/me/privacy", async (HttpContext http, IQuerySession session) =>
        {
            var presence = await session.LoadAsync<UserPresence>(http.User.UserId(), http.RequestAborted);
            return new PrivacySettings(WireName(presence?.LastSeen ?? Visibility.Everyone), !(presence?.ReadReceiptsOff ?? false));
        });

        // PUT /api/me/privacy {lastSeen, readReceipts}: either or both, in one commit on the account's stream.
        api.MapPut("/me/privacy", async (PrivacyRequest request, HttpContext http, IDocumentStore store, ReadReceiptSettings readReceipts,
            TimeProvider clock) =>
        {
            if (request.LastSeen is null && request.ReadReceipts is null)
                throw DomainError.Invalid("lastSeen", "Give lastSeen, readReceipts or both.");
            var (me, now) = (http.User.UserId(), clock.GetUtcNow());
            List<object> changes = [];
            if (request.LastSeen is not null) changes.Add(new PresencePrivacyChanged(me, ParseVisibility(request.LastSeen), now));
            if (request.ReadReceipts is { } send) changes.Add(new ReadReceiptsChanged(me, send, now));
            await AccountStream.Append(store, me, changes, http.RequestAborted);
            if (request.ReadReceipts is { } sent) readReceipts.Changed(me, off: !sent);
            return Results.NoContent();
        });
    }

    private static Visibility ParseVisibility(string lastSeen) => lastSeen switch
    {
        "everyone" => Visibility.Everyone,
        "contacts" => Visibility.Contacts,
        "nobody" => Visibility.Nobody,
        _ => throw DomainError.Invalid("lastSeen", "lastSeen must be \"everyone\", \"contacts\" or \"nobody\"."),
    };

    private static string WireName(Visibility visibility) => visibility.ToString().ToLowerInvariant();
}
