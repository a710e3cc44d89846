using Chat.Domain.Reports;
using Chat.Projections.Accounts;
using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.Projections.Reports;

namespace Chat.WriteApi.Reports;

/// <summary>Members report abuse to the operators, who close the reports (docs/adr/0028-reporting-abuse.md).</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder api)
    {
        // POST /api/conversations/{id}/reports {userId, reason, note, messages: [{messageId, text}]}: 201 {reportId}.
        // Members only; the quoted messages must be the reported user's, in this conversation, from after the reporter joined.
        api.MapPost("/conversations/{conversationId:guid}/reports", async (Guid conversationId, ReportRequest request, HttpContext http,
            IQuerySession session, IDocumentStore store, ReportRateLimit limit, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var roster = await ConversationRoster.ForMember(session, conversationId, me, http.RequestAborted);
            var reported = request.UserId ?? throw DomainError.Invalid("userId", "userId is required.");
            var quoted = request.Messages ?? [];
            if (quoted.Any(m => m is null)) throw DomainError.Invalid("messages", "Each quoted message is {messageId, text}.");
            var joinedAfter = roster.Members.Single(m => m.UserId == me).JoinedAfter; // nothing from before the reporter was there
            var messages = quoted.Count is 0 or > AbuseReports.MaxMessages ? []
                : (await session.LoadManyAsync<ChatMessage>(http.RequestAborted, quoted.Select(m => m.MessageId).Distinct()))
                    .Where(m => m.Sequence > joinedAfter).ToDictionary(m => m.Id, m => m.ToFacts());
            var command = new FileReport(Guid.NewGuid(), me, reported, conversationId, request.Reason, request.Note,
                [.. quoted.Select(m => new QuotedMessage(m.MessageId, m.Text))], clock.GetUtcNow());
            var report = AbuseReports.File(command, roster.IsMember(reported), messages.GetValueOrDefault);
            await limit.Reporting(session, store, me, http.RequestAborted);
            await using var write = store.LightweightSession();
            write.Events.StartStream<AbuseReport>(report.ReportId, report);
            await write.SaveChangesAsync(http.RequestAborted);
            return Results.Created($"/api/operator/reports/{report.ReportId}", new ReportResponse(report.ReportId));
        });

        // POST /api/operator/reports/{id}/close {outcome}: 204; closing a closed report changes nothing.
        api.MapPost("/operator/reports/{reportId:guid}/close", async (Guid reportId, CloseReportRequest request, HttpContext http,
            IDocumentStore store, TimeProvider clock) =>
        {
            await StoreErrors.ConflictRetry.ExecuteAsync(async token =>
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<AbuseReport>(reportId, token);
                var report = stream.Aggregate ?? throw DomainError.NotFound("The report");
                if (AbuseReports.Close(reportId, http.User.UserId(), request.Outcome, report.ClosedAt, clock.GetUtcNow()) is not { } closed)
                    return;
                stream.AppendOne(closed);
                await session.SaveChangesAsync(token);
            }, http.RequestAborted);
            return Results.NoContent();
        }).RequireAuthorization(Staff.Operator);
    }
}
