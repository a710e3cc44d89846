using Chat.WriteApi.Limits;
using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Reports;

/// <summary>
/// At most <c>Chat:Limits:ReportsPerHour</c> (20) reports per reporter in a sliding hour, across nodes: enough for anyone
/// being harassed from several accounts, not enough to bury the operators' queue. 0 turns the limit off.
/// </summary>
public sealed class ReportRateLimit(AttemptWindow reports)
{
    public static ReportRateLimit From(IConfiguration configuration, TimeProvider clock) =>
        new(new AttemptWindow("report", configuration.GetValue("Chat:Limits:ReportsPerHour", 20), TimeSpan.FromHours(1), clock));

    public Task Reporting(IQuerySession session, IDocumentStore store, Guid reporter, CancellationToken ct) => reports.Take(session, store,
        reporter.ToString("N"), $"You sent {reports.Limit} reports in the last hour, the most allowed; retry later.", ct);
}
