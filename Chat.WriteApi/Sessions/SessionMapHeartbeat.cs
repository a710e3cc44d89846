using Chat.Projections.Sessions;
using Chat.WriteApi.Realtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Sessions;

/// <summary>Writes this node's connections to the session map every <see cref="NodeSessions.Heartbeat"/>.</summary>
public sealed class SessionMapHeartbeat(
    IDocumentStore store, ConnectionRegistry connections, TimeProvider clock, IConfiguration configuration, ILogger<SessionMapHeartbeat> logger)
    : BackgroundService
{
    /// <summary>Chat:NodeId, or a fresh id per process: a restarted node is a new node and its old entries expire.</summary>
    public string NodeId { get; } = configuration["Chat:NodeId"] ?? $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(NodeSessions.Heartbeat, clock);
        do
        {
            try
            {
                await using var session = store.LightweightSession();
                var now = clock.GetUtcNow();
                session.Store(new NodeSessions(NodeId, now,
                    [.. connections.All().Select(c => new NodeSession(c.UserId, c.DeviceId, c.ConnectionId, c.ConnectedAt))]));
                var forgotten = now - TimeSpan.FromHours(1); // long-dead nodes leave the table
                session.DeleteWhere<NodeSessions>(n => n.HeartbeatAt < forgotten);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not write node {NodeId} to the session map", NodeId);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
