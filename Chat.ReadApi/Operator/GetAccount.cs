using Chat.Projections.Accounts;
using Chat.Projections.Reports;

namespace Chat.ReadApi.Operator;

public static class GetAccount
{
    /// <summary>
    /// GET /api/operator/users/{userId}: an account as an operator acting on a report needs it: its names, whether and
    /// until when it is suspended and why, its devices, and how many reports about it are open and closed.
    /// </summary>
    public static void MapGetAccount(this IEndpointRouteBuilder api) =>
        api.MapGet("/operator/users/{userId:guid}", async (Guid userId, HttpContext http, IQuerySession session, TimeProvider clock) =>
        {
            var account = await session.LoadAsync<UserAccount>(userId, http.RequestAborted) ?? throw DomainError.NotFound("The user");
            var reports = await session.Query<AbuseReport>().Where(r => r.ReportedUserId == userId)
                .Select(r => new { r.ClosedAt }).ToListAsync(http.RequestAborted);
            var suspension = account.SuspensionAt(clock.GetUtcNow());
            return new OperatorAccountView(account.Id, account.Username, account.DisplayName, suspension?.Reason, suspension?.Until,
                [.. account.LinkedDevices.Select(d => new OperatorDeviceView(d.DeviceId, d.Name, d.LinkedAt))],
                reports.Count(r => r.ClosedAt is null), reports.Count(r => r.ClosedAt is not null));
        }).RequireAuthorization(Staff.Operator);
}
