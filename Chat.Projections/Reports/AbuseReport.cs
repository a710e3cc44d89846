using Chat.Domain.Reports;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Reports;

/// <summary>A report as the operators review it: who reported whom, where, why, the quoted messages, and how it was closed.</summary>
public sealed record AbuseReport(
    Guid Id, Guid ReporterId, Guid ReportedUserId, Guid ConversationId, string Reason, string? Note, IReadOnlyList<ReportedMessage> Messages,
    DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt = null, Guid? ClosedBy = null, string? Outcome = null);

/// <summary>Inline: the reporter's answer and the operators' list show a report at once, and closing one decides on it.</summary>
public sealed class AbuseReportProjection : SingleStreamProjection<AbuseReport, Guid>
{
    public AbuseReportProjection()
    {
        IncludeType<UserReported>();
        IncludeType<ReportClosed>();
    }

    public override AbuseReport? Evolve(AbuseReport? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, UserReported r) => new AbuseReport(r.ReportId, r.ReporterId, r.ReportedUserId, r.ConversationId, r.Reason, r.Note, r.Messages, r.At),
        (not null, ReportClosed c) => snapshot with { ClosedAt = c.At, ClosedBy = c.ClosedBy, Outcome = c.Outcome },
        _ => snapshot,
    };
}
