using System.Diagnostics;
using Chat.Client;

namespace Chat.Bench;

public sealed record PresenceOptions(int Clients, TimeSpan HeartbeatInterval, TimeSpan Duration);

/// <summary>The server's resident memory (median of a few samples once settled) with this many measured clients connected.</summary>
public sealed record MemoryPoint(int Connected, double RssMb);

public sealed record PresenceResult(
    PresenceOptions Options, int Connected, int FailedHeartbeats, double HeartbeatsPerSecond, IReadOnlyList<MemoryPoint> Memory,
    double IdleCpuPercent, double HeartbeatCpuPercent, long PresenceEventsDuringHeartbeats)
{
    /// <summary>All connected minus none, by the clients: also carries whatever the baseline sample happened to hold.</summary>
    public double KbPerConnection => (Memory[^1].RssMb - Memory[0].RssMb) * 1024 / Memory[^1].Connected;

    /// <summary>The least-squares slope of memory over connected clients: what one more idle connection costs.</summary>
    public double SlopeKbPerConnection
    {
        get
        {
            var meanX = Memory.Average(p => (double)p.Connected);
            var meanY = Memory.Average(p => p.RssMb);
            return Memory.Sum(p => (p.Connected - meanX) * (p.RssMb - meanY)) / Memory.Sum(p => Math.Pow(p.Connected - meanX, 2)) * 1024;
        }
    }
}

/// <summary>
/// N users, one connection each, first idle, then heartbeating ("active") at the client default interval.
/// Reports what idle connections cost in server memory and what the heartbeats cost in server CPU and database writes.
/// </summary>
public sealed class PresenceRun(ServerUnderTest server, PresenceOptions options, Func<Task<long>> countPresenceEvents)
{
    /// <summary>
    /// Connections open (and idle) before the baseline: the first connections pay once for what every later one shares
    /// (JIT of the connection path, first-use caches), which is not a per-connection cost. They stay open, so nothing
    /// they freed is reused by the measured connections.
    /// </summary>
    public const int WarmUpClients = 100;

    /// <summary>The measured clients connect in this many equal steps, memory sampled before the first and after each.</summary>
    public const int MemorySteps = 4;

    public async Task<PresenceResult> Run()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var users = await server.RegisterUsers(options.Clients, "p", handler);
        var warmUp = new ChatConnection[WarmUpClients];
        await Connect(warmUp, await server.RegisterUsers(WarmUpClients, "w", handler), 0, WarmUpClients);

        var connections = new ChatConnection[users.Length];
        var memory = new List<MemoryPoint> { new(0, await SettledRssMb()) };
        for (var step = 1; step <= MemorySteps; step++)
        {
            var (from, to) = (users.Length * (step - 1) / MemorySteps, users.Length * step / MemorySteps);
            await Connect(connections, users, from, to);
            memory.Add(new MemoryPoint(to, await SettledRssMb()));
            Console.WriteLine($"{to} clients connected: {memory[^1].RssMb:0} MB");
        }
        Console.WriteLine($"{connections.Length} clients connected; idle for 20 s");
        var idleStart = server.Sample();
        var idleWatch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var idleEnd = server.Sample();
        var idleCpu = (idleEnd.CpuSeconds - idleStart.CpuSeconds) / idleWatch.Elapsed.TotalSeconds * 100;

        Console.WriteLine($"heartbeating every {options.HeartbeatInterval.TotalSeconds:0} s for {options.Duration.TotalSeconds:0} s");
        var eventsBefore = await countPresenceEvents();
        var (sent, failed, cpu) = await Heartbeat(connections);
        var eventsAfter = await countPresenceEvents();

        foreach (var c in connections.Concat(warmUp)) await c.DisposeAsync();
        return new PresenceResult(options, connections.Length, failed, sent / options.Duration.TotalSeconds, memory,
            idleCpu, cpu, eventsAfter - eventsBefore);
    }

    /// <summary>
    /// Resident memory moves by tens of megabytes with where the garbage collector is in its cycle: the median of
    /// five samples a second apart, after five seconds of quiet.
    /// </summary>
    private async Task<double> SettledRssMb()
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(server.Sample().RssBytes);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return samples.Order().ElementAt(samples.Count / 2) / 1048576.0;
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
