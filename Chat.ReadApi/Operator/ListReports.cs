using Chat.Projections.Reports;

namespace Chat.ReadApi.Operator;

/// <summary>The operators' queue of abuse reports (docs/adr/0028-reporting-abuse.md).</summary>
public static class ListReports
{
    public const int MaxReports = 100;

    public static void MapListReports(this IEndpointRouteBuilder api)
    {
        // GET /api/operator/reports?status=open|closed&userId=: the oldest first, at most 100 (close some to see the next);
        // with userId, only the reports about that user.
        api.MapGet("/operator/reports", async (string? status, Guid? userId, HttpContext http, IQuerySession session) =>
        {
            var query = (status ?? "open") switch
            {
                "open" => session.Query<AbuseReport>().Where(r => r.ClosedAt == null),
                "closed" => session.Query<AbuseReport>().Where(r => r.ClosedAt != null),
                _ => throw DomainError.Invalid("status", "status must be \"open\" or \"closed\"."),
            };
            if (userId is { } about) query = query.Where(r => r.ReportedUserId == about);
            var reports = await query.OrderBy(r => r.ReportedAt).Take(MaxReports).ToListAsync(http.RequestAborted);
            return reports.Select(ToView).ToList();
        }).RequireAuthorization(Staff.Operator);

        // GET /api/operator/reports/{id}
        api.MapGet("/operator/reports/{reportId:guid}", async (Guid reportId, HttpContext http, IQuerySession session) =>
            ToView(await session.LoadAsync<AbuseReport>(reportId, http.RequestAborted) ?? throw DomainError.NotFound("The report")))
            .RequireAuthorization(Staff.Operator);
    }

    private static ReportView ToView(AbuseReport r) => new(r.Id, r.ReporterId, r.ReportedUserId, r.ConversationId, r.Reason, r.Note,
        [.. r.Messages.Select(m => new ReportedMessageView(m.MessageId, m.Sequence, m.SentAt, m.Text))], r.ReportedAt, r.ClosedAt, r.ClosedBy, r.Outcome);
}
