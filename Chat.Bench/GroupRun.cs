using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chat.Client;

namespace Chat.Bench;

/// <param name="LeanReceivers">Members other than the sender are <see cref="LeanReceiver"/>s (MessagePack only, no receipts).</param>
public sealed record GroupOptions(int Members, int Rate, TimeSpan Duration, TimeSpan Warmup, HubProtocol Protocol, bool Receipts = false, bool LeanReceivers = false);

/// <remarks>By the second a message was sent, warm-up included.</remarks>
public sealed record GroupSecond(int At, int Sent, long Deliveries, double LastMemberP99Ms);

public sealed record GroupResult(
    GroupOptions Options, int Connected, int Sent, long Deliveries, long Expected, double DeliveriesPerSecond,
    double LastMemberP50Ms, double LastMemberP99Ms, double LastMemberMaxMs, double AckP50Ms, double AckP99Ms, double ServerCpuPercent, double ServerRssMb, double MachineCpuPercent, double GeneratorCpuPercent,
    IReadOnlyList<GroupSecond> Seconds);

/// <summary>
/// One group of N members, all connected (WebSockets, JSON or MessagePack); one member sends at a fixed rate. Measures deliveries per
/// second (pushes received by members) and, per message, the time from send until the last member has it, over the
/// messages sent after the warm-up (<see cref="Schedule"/>).
/// </summary>
public sealed class GroupRun(ServerUnderTest server, GroupOptions options)
{
    public async Task<GroupResult> Run()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var members = await server.RegisterUsers(options.Members, "g", handler);
        var group = await members[0].CreateGroup("benchmark", [.. members.Skip(1).Select(m => m.UserId)]);

        var received = new Arrivals(options.Rate * (int)(options.Warmup + options.Duration).TotalSeconds * 2 + 1_000);
        var connections = new ChatConnection[options.Members];
        var leanReceivers = new LeanReceiver[options.Members];
        var highest = new long[options.Members]; // per member, the highest sequence received
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Members - 1), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, ct) =>
        {
            void Received(long sequence)
            {
                received.Add(sequence, Stopwatch.GetTimestamp());
                Arrivals.InterlockedMax(ref highest[i], sequence);
            }
            if (options.LeanReceivers)
            {
                var lean = new LeanReceiver(server.Address, members[i].AccessToken!, Received);
                await lean.Start(ct);
                leanReceivers[i] = lean;
                return;
            }
            var connection = new ChatConnection(server.Address, members[i].AccessToken!, protocol: options.Protocol);
            connection.MessageReceived += m => Received(m.Sequence);
            await connection.Start(ct);
            connections[i] = connection;
        });
        connections[0] = new ChatConnection(server.Address, members[0].AccessToken!, protocol: options.Protocol);
        await connections[0].Start();
        Console.WriteLine($"{options.Members} members connected; sending {options.Rate} messages/s for {options.Duration.TotalSeconds:0} s");

        using var stopReceipts = new CancellationTokenSource();
        var receipts = options.Receipts
            ? Task.WhenAll(Enumerable.Range(1, options.Members - 1).Select(i => MarkReadEverySecond(connections[i], group, () => Volatile.Read(ref highest[i]), stopReceipts.Token)))
            : Task.CompletedTask;
        var sentAt = new ConcurrentDictionary<long, long>();
        var ackMs = new ConcurrentBag<double>(); // send until acknowledged (committed), measured window
        var measured = new ConcurrentDictionary<long, bool>(); // sequences sent after the warm-up
        var watch = Stopwatch.StartNew();
        var watchStart = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        var total = options.Warmup + options.Duration;
        var cpuStart = server.Sample();
        var machineStart = ServerUnderTest.MachineCpu();
        var generatorStart = Process.GetCurrentProcess().TotalProcessorTime;
        var measuring = false;
        var peakRss = 0L;
        var issued = 0;
        while (watch.Elapsed < total)
        {
            var due = (int)Schedule.MessagesDue(watch.Elapsed.TotalSeconds, options.Rate, options.Warmup);
            for (; issued < due; issued++)
            {
                var started = Stopwatch.GetTimestamp();
                var afterWarmup = watch.Elapsed >= options.Warmup;
                if (afterWarmup && !measuring)
                    (cpuStart, machineStart, generatorStart, measuring) = (server.Sample(), ServerUnderTest.MachineCpu(), Process.GetCurrentProcess().TotalProcessorTime, true);
                inFlight.Add(connections[0].Send(group, $"b{issued}", $"group message {issued}").ContinueWith(t =>
                {
                    if (!t.IsCompletedSuccessfully) return;
                    sentAt[t.Result.Sequence] = started;
                    if (!afterWarmup) return;
                    measured[t.Result.Sequence] = true;
                    ackMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }));
                if (issued % options.Rate == 0) peakRss = Math.Max(peakRss, server.Sample().RssBytes);
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(inFlight);
        var expected = (long)sentAt.Count * (options.Members - 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Total < expected && DateTime.UtcNow < deadline) await Task.Delay(200);
        var elapsed = watch.Elapsed;
        var cpuEnd = server.Sample();
        var machineEnd = ServerUnderTest.MachineCpu();
        var generatorEnd = Process.GetCurrentProcess().TotalProcessorTime;
        await stopReceipts.CancelAsync();
        await receipts;
        foreach (var c in connections) if (c is not null) await c.DisposeAsync();
        foreach (var lean in leanReceivers) if (lean is not null) await lean.DisposeAsync();

        var lastMember = sentAt.Where(s => received.Count(s.Key) == options.Members - 1)
            .Select(s => (Sequence: s.Key, SentSecond: (int)Stopwatch.GetElapsedTime(watchStart, s.Value).TotalSeconds,
                Ms: Stopwatch.GetElapsedTime(s.Value, received.LastTicks(s.Key)).TotalMilliseconds))
            .ToList();
        var ms = lastMember.Where(x => measured.ContainsKey(x.Sequence)).Select(x => x.Ms).Order().ToArray();
        var acks = ackMs.Order().ToArray();
        var deliveries = received.Total;
        var measuredDeliveries = measured.Keys.Sum(received.Count);
        var bySecond = lastMember.GroupBy(x => x.SentSecond)
            .OrderBy(g => g.Key)
            .Select(g => new GroupSecond(g.Key, g.Count(), (long)g.Count() * (options.Members - 1), Percentiles.Of(g.Select(x => x.Ms).Order().ToArray(), 0.99)))
            .ToList();
        var measuredSeconds = Math.Max(1, elapsed.TotalSeconds - options.Warmup.TotalSeconds);
        return new GroupResult(options, options.Members, sentAt.Count, deliveries, expected, measuredDeliveries / options.Duration.TotalSeconds,
            Percentiles.Of(ms, 0.50), Percentiles.Of(ms, 0.99), ms.Length > 0 ? ms[^1] : double.NaN,
            Percentiles.Of(acks, 0.50), Percentiles.Of(acks, 0.99),
            (cpuEnd.CpuSeconds - cpuStart.CpuSeconds) / measuredSeconds * 100, Math.Max(peakRss, cpuEnd.RssBytes) / 1048576.0,
            100.0 * (machineEnd.Busy - machineStart.Busy) / Math.Max(1, machineEnd.Total - machineStart.Total),
            (generatorEnd - generatorStart).TotalSeconds / measuredSeconds * 100, bySecond);
    }

    /// <summary>Like a client that reads the group: once a second, MarkRead up to the highest sequence it has (a random phase each).</summary>
    private static async Task MarkReadEverySecond(ChatConnection connection, Guid group, Func<long> highest, CancellationToken ct)
    {
        var marked = 0L;
        try
        {
            await Task.Delay(Random.Shared.Next(1000), ct);
            while (true)
            {
                await Task.Delay(1000, ct);
                var upTo = highest();
                if (upTo <= marked) continue;
                try { await connection.MarkRead(group, upTo, ct); marked = upTo; }
                catch (Exception e) when (e is not OperationCanceledException) { }
            }
        }
        catch (OperationCanceledException) { }
    }

    public static string Write(GroupResult r, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("second,messages,deliveries,last_member_p99_ms\n");
        foreach (var s in r.Seconds)
            csv.AppendLine(string.Join(',', new object[] { s.At, s.Sent, s.Deliveries, s.LastMemberP99Ms }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        File.WriteAllText(Path.Combine(directory, name + ".csv"), csv.ToString());

        Report.LatencyAndRatePlot(Path.Combine(directory, name + ".png"), $"{r.Options.Members}-member group, {r.Options.Rate} messages/s",
            "second of the run (by send time)", [.. r.Seconds.Select(s => (double)s.At)],
            [("p99 until the last member has it (ms)", [.. r.Seconds.Select(s => s.LastMemberP99Ms)])],
            ("deliveries per second", "deliveries/s", [.. r.Seconds.Select(s => (double)s.Deliveries)]));

        var markdown = $"""
            | setting | value |
            |---|---|
            | members, all connected (WebSockets, {r.Options.Protocol}) | {r.Options.Members} |
            | receiving members' client | {(r.Options.LeanReceivers ? "lean receiver (raw WebSocket, MessagePack hub protocol, reads each message's sequence)" : "SignalR .NET client (HubConnection, typed handler)")} |
            | one sender, rate | {r.Options.Rate} messages/s for {r.Options.Duration.TotalSeconds:0} s, after a {r.Options.Warmup.TotalSeconds:0} s warm-up ramping from 10% to 100% |
            | members' receipts | {(r.Options.Receipts ? "each member marks read up to what it has, once a second" : "none (the figure is the push fan-out)")} |

            | result | value |
            |---|---|
            | messages sent and acknowledged (warm-up included) | {r.Sent} |
            | deliveries received / expected | {r.Deliveries} / {r.Expected} |
            | deliveries per second (measured window) | {r.DeliveriesPerSecond:0} |
            | time until the last member has a message p50 / p99 / max (measured window) | {r.LastMemberP50Ms:0} / {r.LastMemberP99Ms:0} / {r.LastMemberMaxMs:0} ms |
            | of which the send until acknowledged (committed) p50 / p99 | {r.AckP50Ms:0} / {r.AckP99Ms:0} ms |
            | server CPU (mean, of one core) | {r.ServerCpuPercent:0}% |
            | load generator CPU (mean, of one core) | {r.GeneratorCpuPercent:0}% |
            | machine CPU busy (mean, all {Environment.ProcessorCount} cores: server, load generator, PostgreSQL) | {r.MachineCpuPercent:0}% |
            | server resident memory (peak) | {r.ServerRssMb:0} MB |
            """;
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown + "\n");
        return markdown;
    }
}
