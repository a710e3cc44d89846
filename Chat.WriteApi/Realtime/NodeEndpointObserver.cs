using Chat.WriteApi.Sessions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// When this node's push endpoint comes back after the broker went away, pushes routed to it meanwhile are gone:
/// its connections catch up from the store.
/// </summary>
public sealed class NodeEndpointObserver(NodeIdentity node, ConnectionRegistry connections, ILogger<NodeEndpointObserver> logger)
    : IReceiveEndpointObserver
{
    private int _readyCount;

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (!ready.InputAddress.AbsolutePath.Contains(RemoteDelivery.EndpointName(node.NodeId))) return Task.CompletedTask;
        if (Interlocked.Increment(ref _readyCount) > 1)
        {
            logger.LogWarning("Node {NodeId}'s push endpoint is back after a broker outage; its connections catch up from the store", node.NodeId);
            connections.CatchUpAll();
        }
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
