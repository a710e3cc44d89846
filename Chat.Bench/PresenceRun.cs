using System.Diagnostics;
using Chat.Client;

namespace Chat.Bench;

public sealed record PresenceOptions(int Clients, TimeSpan HeartbeatInterval, TimeSpan Duration);

public sealed record PresenceResult(
    PresenceOptions Options, int Connected, int FailedHeartbeats, double HeartbeatsPerSecond, double BaselineRssMb, double HalfConnectedRssMb,
    double ConnectedRssMb, double KbPerConnection, double MarginalKbPerConnection, double IdleCpuPercent, double HeartbeatCpuPercent,
    long PresenceEventsDuringHeartbeats);

/// <summary>
/// N users, one connection each, first idle, then heartbeating ("active") at the client default interval.
/// Reports what idle connections cost in server memory and what the heartbeats cost in server CPU and database writes.
/// </summary>
public sealed class PresenceRun(ServerUnderTest server, PresenceOptions options, Func<Task<long>> countPresenceEvents)
{
    public async Task<PresenceResult> Run()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var users = await server.RegisterUsers(options.Clients, "p", handler);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var baseline = server.Sample();

        // Half, then all: the second half's cost does not depend on the garbage the sign-ins left before the baseline.
        var connections = new ChatConnection[users.Length];
        var half = users.Length / 2;
        await Connect(connections, users, 0, half);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var halfConnected = server.Sample();
        await Connect(connections, users, half, users.Length);
        Console.WriteLine($"{connections.Length} clients connected; idle for 20 s");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idleStart = server.Sample();
        var idleWatch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var idleEnd = server.Sample();
        var idleCpu = (idleEnd.CpuSeconds - idleStart.CpuSeconds) / idleWatch.Elapsed.TotalSeconds * 100;

        Console.WriteLine($"heartbeating every {options.HeartbeatInterval.TotalSeconds:0} s for {options.Duration.TotalSeconds:0} s");
        var eventsBefore = await countPresenceEvents();
        var (sent, failed, cpu) = await Heartbeat(connections);
        var eventsAfter = await countPresenceEvents();

        foreach (var c in connections) await c.DisposeAsync();
        return new PresenceResult(options, connections.Length, failed, sent / options.Duration.TotalSeconds,
            baseline.RssBytes / 1048576.0, halfConnected.RssBytes / 1048576.0, idleEnd.RssBytes / 1048576.0,
            (idleEnd.RssBytes - baseline.RssBytes) / 1024.0 / connections.Length,
            (idleEnd.RssBytes - halfConnected.RssBytes) / 1024.0 / (connections.Length - half),
            idleCpu, cpu, eventsAfter - eventsBefore);
    }

    private async Task Connect(ChatConnection[] connections, ChatApi[] users, int from, int to) =>
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, ct) =>
        {
            connections[i] = new ChatConnection(server.Address, users[i].AccessToken!);
            await connections[i].Start(ct);
        });

    /// <summary>Each client heartbeats once per interval, at its own phase, so the load is spread evenly.</summary>
    private async Task<(int Sent, int Failed, double CpuPercent)> Heartbeat(ChatConnection[] connections)
    {
        var start = server.Sample();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        var failed = 0;
        var inFlight = new List<Task>();
        var tick = TimeSpan.FromMilliseconds(100);
        var perTick = connections.Length * tick.TotalSeconds / options.HeartbeatInterval.TotalSeconds;
        var next = 0.0;
        while (watch.Elapsed < options.Duration)
        {
            next += perTick;
            for (; sent < (int)next; sent++)
            {
                var connection = connections[sent % connections.Length];
                inFlight.Add(connection.Heartbeat(active: true).ContinueWith(t => { if (t.IsFaulted) Interlocked.Increment(ref failed); }));
            }
            var wait = tick * (next / perTick) - watch.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        await Task.WhenAll(inFlight);
        var end = server.Sample();
        return (sent, failed, (end.CpuSeconds - start.CpuSeconds) / watch.Elapsed.TotalSeconds * 100);
    }
}
