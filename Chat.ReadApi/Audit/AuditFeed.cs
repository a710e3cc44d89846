using Chat.Projections.Integration;
using JasperFx.Events;
using JasperFx.Events.Projections;

namespace Chat.ReadApi.Audit;

/// <summary>
/// History replay for audit (docs/adr/0014-audit-feed.md): the event store itself, read-only, for the usernames in
/// Chat:Auditors (<see cref="StaffPolicies"/>). Every event in store order, or one stream's, paged by sequence, in the
/// shape of the analytics stream (<see cref="ChatEvents"/>, no secrets).
/// </summary>
public static class AuditFeed
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1_000;

    public static void MapAuditFeed(this IEndpointRouteBuilder api)
    {
        // GET /api/audit/events?after=&limit=: the events past `after` in store order, up to the async daemon's high-water
        // mark: a transaction still open may hold a lower sequence, and a reader already past it would never see it.
        api.MapGet("/audit/events", async (long? after, int? limit, IQuerySession session, IDocumentStore store, HttpContext http) =>
        {
            var (from, take) = (After(after), Take(limit));
            var safe = await store.Advanced.ProjectionProgressFor(new ShardName(ShardState.HighWaterMark), token: http.RequestAborted);
            return Page(await session.Events.QueryAllRawEvents().Where(e => e.Sequence > from && e.Sequence <= safe)
                .OrderBy(e => e.Sequence).Take(take).ToListAsync(http.RequestAborted), from);
        }).RequireAuthorization(Staff.Auditor);

        // GET /api/audit/streams/{streamId}/events?after=&limit=: one stream's (a conversation, a user, an attachment). Its
        // appends are serialised on the stream, so every event it has at a sequence is committed: no high-water mark.
        api.MapGet("/audit/streams/{streamId:guid}/events", async (Guid streamId, long? after, int? limit, IQuerySession session, HttpContext http) =>
        {
            var (from, take) = (After(after), Take(limit));
            if (await session.Events.FetchStreamStateAsync(streamId, http.RequestAborted) is null) throw DomainError.NotFound("The stream");
            return Page(await session.Events.QueryAllRawEvents().Where(e => e.StreamId == streamId && e.Sequence > from)
                .OrderBy(e => e.Sequence).Take(take).ToListAsync(http.RequestAborted), from);
        }).RequireAuthorization(Staff.Auditor);
    }

    private static long After(long? after) =>
        after is null or >= 0 ? after ?? 0 : throw DomainError.Invalid("after", "after must be 0 or more.");

    private static int Take(int? limit) => (limit ?? DefaultLimit) is var take and >= 1 and <= MaxLimit
        ? take
        : throw DomainError.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");

    private static AuditPage Page(IReadOnlyList<IEvent> events, long after) =>
        new([.. events.Select(ChatEvents.ToV1)], events.Count > 0 ? events[^1].Sequence : after);
}
