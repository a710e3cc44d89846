using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chat.Client;

namespace Chat.Bench;

public sealed record GroupOptions(int Members, int Rate, TimeSpan Duration);

public sealed record GroupSecond(int At, int Sent, long Deliveries, double LastMemberP99Ms);

public sealed record GroupResult(
    GroupOptions Options, int Connected, int Sent, long Deliveries, long Expected, double DeliveriesPerSecond,
    double LastMemberP50Ms, double LastMemberP99Ms, double LastMemberMaxMs, double ServerCpuPercent, double ServerRssMb, IReadOnlyList<GroupSecond> Seconds);

/// <summary>
/// One group of N members, all connected (WebSockets, JSON); one member sends at a fixed rate. Measures deliveries per
/// second (pushes received by members) and, per message, the time from send until the last member has it.
/// </summary>
public sealed class GroupRun(ServerUnderTest server, GroupOptions options)
{
    public async Task<GroupResult> Run()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var members = await server.RegisterUsers(options.Members, "g", handler);
        var group = await members[0].CreateGroup("benchmark", [.. members.Skip(1).Select(m => m.UserId)]);

        // Per sequence: how many members have it and when the last one got it (Stopwatch ticks).
        var received = new ConcurrentDictionary<long, (int Count, long LastTicks)>();
        var connections = new ChatConnection[options.Members];
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Members - 1), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, ct) =>
        {
            var connection = new ChatConnection(server.Address, members[i].AccessToken!);
            connection.MessageReceived += m =>
            {
                var now = Stopwatch.GetTimestamp();
                received.AddOrUpdate(m.Sequence, (1, now), (_, r) => (r.Count + 1, Math.Max(r.LastTicks, now)));
            };
            await connection.Start(ct);
            connections[i] = connection;
        });
        connections[0] = new ChatConnection(server.Address, members[0].AccessToken!);
        await connections[0].Start();
        Console.WriteLine($"{options.Members} members connected; sending {options.Rate} messages/s for {options.Duration.TotalSeconds:0} s");

        var sentAt = new ConcurrentDictionary<long, long>();
        var cpuStart = server.Sample();
        var watch = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        var total = (int)(options.Rate * options.Duration.TotalSeconds);
        var peakRss = 0L;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / options.Rate) - watch.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var started = Stopwatch.GetTimestamp();
            inFlight.Add(connections[0].Send(group, $"b{i}", $"group message {i}").ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully) sentAt[t.Result.Sequence] = started;
            }));
            if (i % options.Rate == 0) peakRss = Math.Max(peakRss, server.Sample().RssBytes);
        }
        await Task.WhenAll(inFlight);
        var expected = (long)sentAt.Count * (options.Members - 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Values.Sum(r => (long)r.Count) < expected && DateTime.UtcNow < deadline) await Task.Delay(200);
        var elapsed = watch.Elapsed;
        var cpuEnd = server.Sample();
        foreach (var c in connections) await c.DisposeAsync();

        var lastMember = sentAt.Where(s => received.TryGetValue(s.Key, out var r) && r.Count == options.Members - 1)
            .Select(s => (Sequence: s.Key, Ms: Stopwatch.GetElapsedTime(s.Value, received[s.Key].LastTicks).TotalMilliseconds))
            .ToList();
        var ms = lastMember.Select(x => x.Ms).Order().ToArray();
        var deliveries = received.Values.Sum(r => (long)r.Count);
        var window = Math.Max(options.Duration.TotalSeconds, 1);
        var bySecond = lastMember.GroupBy(x => (int)((x.Sequence - 1) / options.Rate))
            .OrderBy(g => g.Key)
            .Select(g => new GroupSecond(g.Key, g.Count(), (long)g.Count() * (options.Members - 1), Percentile(g.Select(x => x.Ms).Order().ToArray(), 0.99)))
            .ToList();
        return new GroupResult(options, options.Members, sentAt.Count, deliveries, expected, deliveries / elapsed.TotalSeconds,
            Percentile(ms, 0.50), Percentile(ms, 0.99), ms.Length > 0 ? ms[^1] : double.NaN,
            (cpuEnd.CpuSeconds - cpuStart.CpuSeconds) / elapsed.TotalSeconds * 100, Math.Max(peakRss, cpuEnd.RssBytes) / 1048576.0, bySecond);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

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
            | members, all connected (WebSockets, JSON) | {r.Options.Members} |
            | one sender, rate | {r.Options.Rate} messages/s for {r.Options.Duration.TotalSeconds:0} s |

            | result | value |
            |---|---|
            | messages sent and acknowledged | {r.Sent} |
            | deliveries received / expected | {r.Deliveries} / {r.Expected} |
            | deliveries per second | {r.DeliveriesPerSecond:0} |
            | time until the last member has a message p50 / p99 / max | {r.LastMemberP50Ms:0} / {r.LastMemberP99Ms:0} / {r.LastMemberMaxMs:0} ms |
            | server CPU (mean, of one core) | {r.ServerCpuPercent:0}% |
            | server resident memory (peak) | {r.ServerRssMb:0} MB |
            """;
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown + "\n");
        return markdown;
    }
}
