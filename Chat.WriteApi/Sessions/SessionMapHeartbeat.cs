using Chat.Projections.Sessions;
using Chat.WriteApi.Realtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Sessions;

/// <summary>
/// Beats this node's heartbeat every <see cref="NodeHeartbeat.Interval"/>. When another node dies, pushes it was about
/// to send may be lost, so this node's connections catch up from the store (docs/adr/0006-multi-node.md).
/// </summary>
public sealed class SessionMapHeartbeat(
    SessionMap map, ConnectionRegistry connections, Pushes pushes, TimeProvider clock, ILogger<SessionMapHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(NodeHeartbeat.Interval, clock);
        do
        {
            try
            {
                var died = await map.Beat(clock.GetUtcNow(), stoppingToken);
                if (died.Count > 0 && pushes.SpansNodes)
                {
                    logger.LogWarning("Node(s) {Nodes} stopped heartbeating; this node's connections catch up from the store", string.Join(", ", died));
                    connections.CatchUpAll();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not write node {NodeId}'s heartbeat to the session map", map.NodeId);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
