using System.Threading.Channels;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Sessions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// Several nodes: after a commit, looks the recipients up in the session map and sends each node that holds some of
/// their connections one <see cref="NodePushes"/> over the bus, in commit order. The lookup runs after the commit and
/// connections enter the map before their relay, so a connection either finds the message in its relay or gets the
/// push. A push lost to a dead node or a broker outage is made good by a catch-up (docs/adr/0006-multi-node.md).
/// </summary>
public sealed class RemoteDelivery(SessionMap sessions, IServiceProvider services, ILogger<RemoteDelivery> logger) : BackgroundService
{
    public const int MaxBatch = 1024;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<IReadOnlyList<Fanout>> _queue = Channel.CreateUnbounded<IReadOnlyList<Fanout>>(new() { SingleReader = true });
    private bool _lostPushes;

    public static Uri NodeAddress(string nodeId) => NodeQueues.Address(EndpointName(nodeId));

    public static string EndpointName(string nodeId) => $"chat-node-{nodeId}";

    public void Forward(IReadOnlyList<Fanout> fanouts) => _queue.Writer.TryWrite(fanouts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: the bus is built from services that need this one (through Pushes).
        var bus = services.GetRequiredService<IBus>();
        var batch = new List<Fanout>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var fanouts)) batch.AddRange(fanouts);
            try
            {
                await Route(bus, batch, stoppingToken);
                if (_lostPushes)
                {
                    // The broker is back: every node replays what its devices have not acknowledged.
                    await bus.Publish(new CatchUpRequested(sessions.NodeId, "pushes were lost while the broker was unreachable"), stoppingToken);
                    _lostPushes = false;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _lostPushes = true;
                logger.LogWarning(e, "Could not forward {Count} pushes to other nodes; their connections will catch up from the store", batch.Count);
            }
        }
    }

    private async Task Route(IBus bus, List<Fanout> batch, CancellationToken ct)
    {
        var nodes = await sessions.NodesOf([.. batch.SelectMany(f => f.UserIds).Distinct()], ct);
        foreach (var node in nodes)
        {
            var there = node.ToHashSet();
            var pushes = batch.Select(f => (Fanout: f, Users: f.UserIds.Where(there.Contains).ToArray()))
                .Where(x => x.Users.Length > 0).Select(x => RemotePush.From(x.Fanout, x.Users)).ToArray();
            try
            {
                await bus.SendWithin(NodeAddress(node.Key), new NodePushes(sessions.NodeId, pushes), SendTimeout, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One unreachable node (it may have just died) must not hold back the others' pushes.
                _lostPushes = true;
                logger.LogWarning(e, "Could not forward {Count} pushes to node {NodeId}; its connections will catch up from the store",
                    pushes.Length, node.Key);
            }
        }
    }
}

/// <summary>What other nodes send this one: pushes for its connections, catch-up and disconnect requests, answers to forwarded commands.</summary>
public sealed class NodePushesConsumer(ConnectionRegistry connections, CommandForwarding forwarding)
    : IConsumer<NodePushes>, IConsumer<CatchUpRequested>, IConsumer<DeviceDisconnectRequested>, IConsumer<ForwardedResults>
{
    public Task Consume(ConsumeContext<ForwardedResults> context)
    {
        forwarding.Complete(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NodePushes> context)
    {
        foreach (var push in context.Message.Pushes) connections.Push(push.ToFanout());
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<CatchUpRequested> context)
    {
        connections.CatchUpAll();
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DeviceDisconnectRequested> context)
    {
        connections.Disconnect(context.Message.UserId, context.Message.DeviceId);
        return Task.CompletedTask;
    }
}
