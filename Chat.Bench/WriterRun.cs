using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Chat.Domain.Conversations;
using Chat.Projections;
using Chat.Projections.Conversations;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Bench;

public sealed record WriterOptions(int Conversations, int Rate, TimeSpan Duration, TimeSpan Warmup);

/// <summary>One second of a writer run: sends issued and committed, commit latency (ms) of the sends issued in it, CPU.</summary>
public sealed record WriterSecond(int At, int Sent, int Committed, double P50, double P99, double Max, double BatchP50, double ProcessCpuPercent,
    double PostgresCpuPercent, double MachineCpuPercent);

public sealed record WriterResult(
    WriterOptions Options, int Sent, int Committed, int Failed, int Receipts, long Stored, double P50, double P99, double P999, double Max,
    double BatchP50, double BatchP99, double CommitP50, double CommitP99, double ProcessCpuPercent, double PostgresCpuPercent, double MachineCpuPercent,
    IReadOnlyList<WriterSecond> Seconds);

/// <summary>
/// The commit path alone: the server's <see cref="ConversationWriter"/> and store settings in this process, on PostgreSQL, with no
/// hub, no async daemon and no clients. N direct conversations get sends at a fixed total rate (open loop, the warm-up ramp of
/// <see cref="Schedule"/>) and, as in the hub run, each member marks read once a second on a phase of its own. Latency is from
/// submitting a send to its commit, which is when the hub answers the sender and pushes to the recipient. Against the hub
/// run, on the same box, it tells the writer's own cost from what sharing the cores with the rest adds (docs/benchmarks.md).
/// </summary>
public sealed class WriterRun(string connectionString, string schema, WriterOptions options)
{
    private readonly PerSecond<double> _commits = new();
    private readonly PerSecond<(int Size, double Ms)> _batches = new();
    private readonly ConcurrentDictionary<Guid, long> _highest = new();
    private readonly int[] _sentPerSecond = new int[3600];
    private int _committed, _failed, _receipts;
    private long _start;

    public async Task<WriterResult> Run()
    {
        using var store = DocumentStore.For(o => o.ConfigureChat(connectionString, schema));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var conversations = await OpenConversations(store);
        using var cache = new WriteModelCache();
        using var writer = new ConversationWriter(store, cache, new Delivery(new Pushes(new ConnectionRegistry())), NullLogger<ConversationWriter>.Instance);
        using var meters = ListenToWriterMetrics();
        await writer.StartAsync(CancellationToken.None);

        var total = options.Warmup + options.Duration;
        _start = Stopwatch.GetTimestamp();
        using var stopReceipts = new CancellationTokenSource();
        var readers = conversations.SelectMany(c => new[] { (Conversation: c.Id, Reader: c.A), (Conversation: c.Id, Reader: c.B) }).ToArray();
        var receipts = Task.WhenAll(readers.Select((r, i) =>
            MarkReadEverySecond(writer, r.Conversation, r.Reader, TimeSpan.FromSeconds((double)i / readers.Length), stopReceipts.Token)));
        var seconds = new List<WriterSecond>();
        var sampler = SampleEverySecond(seconds, total);
        var sends = new List<Task>();
        var issued = 0;
        while (Stopwatch.GetElapsedTime(_start) < total)
        {
            var due = (long)Schedule.MessagesDue(Stopwatch.GetElapsedTime(_start).TotalSeconds, options.Rate, options.Warmup);
            for (; issued < due; issued++)
            {
                var c = conversations[issued % conversations.Count];
                var from = issued / conversations.Count % 2 == 0 ? c.A : c.B;
                sends.Add(Send(writer, c.Id, from, issued));
                _sentPerSecond[Math.Min(_sentPerSecond.Length - 1, (int)Stopwatch.GetElapsedTime(_start).TotalSeconds)]++;
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(sends);
        await sampler;
        await stopReceipts.CancelAsync();
        await receipts;
        await writer.StopAsync(CancellationToken.None);
        return Summarize(seconds, issued, await StoredMessages(store, conversations));
    }

    private async Task<List<(Guid Id, Guid A, Guid B)>> OpenConversations(IDocumentStore store)
    {
        var conversations = Enumerable.Range(0, options.Conversations).Select(_ => (A: Guid.NewGuid(), B: Guid.NewGuid()))
            .Select(p => (Id: ConversationIds.Direct(p.A, p.B), p.A, p.B)).ToList();
        await using var session = store.LightweightSession();
        foreach (var (id, a, b) in conversations)
            session.Events.StartStream<Conversation>(id, new DirectConversationOpened(id, [a, b], a, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return conversations;
    }

    private async Task Send(ConversationWriter writer, Guid conversationId, Guid from, int n)
    {
        var submitted = Stopwatch.GetTimestamp();
        var clientMessageId = n.ToString(CultureInfo.InvariantCulture);
        try
        {
            var outcome = await writer.Submit(new SendMessage(conversationId, from, ConversationIds.Message(from, clientMessageId), clientMessageId,
                "benchmark message " + clientMessageId, DateTimeOffset.UtcNow), CancellationToken.None);
            _commits.Add((int)Stopwatch.GetElapsedTime(_start, submitted).TotalSeconds, Stopwatch.GetElapsedTime(submitted).TotalMilliseconds);
            Interlocked.Increment(ref _committed);
            _highest.AddOrUpdate(conversationId, outcome.Message!.Sequence, (_, s) => Math.Max(s, outcome.Message!.Sequence));
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    private async Task MarkReadEverySecond(ConversationWriter writer, Guid conversationId, Guid reader, TimeSpan phase, CancellationToken ct)
    {
        var marked = 0L;
        try
        {
            await Task.Delay(phase, ct);
            while (true)
            {
                await Task.Delay(1000, ct);
                if (_highest.GetValueOrDefault(conversationId) is var upTo && upTo <= marked) continue;
                await writer.Submit(new MarkRead(conversationId, reader, upTo, DateTimeOffset.UtcNow), ct);
                marked = upTo;
                Interlocked.Increment(ref _receipts);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>The writer's own meter (batch size, commit duration), recorded by the second of the run.</summary>
    private MeterListener ListenToWriterMetrics()
    {
        var size = 0;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "Chat.Writer") l.EnableMeasurementEvents(instrument); },
        };
        // The commit loop records the batch size, then the duration, from its one thread: pair them up.
        listener.SetMeasurementEventCallback<int>((_, commands, _, _) => size = commands);
        listener.SetMeasurementEventCallback<double>((_, ms, _, _) => _batches.Add((int)Stopwatch.GetElapsedTime(_start).TotalSeconds, (size, ms)));
        listener.Start();
        return listener;
    }

    private async Task SampleEverySecond(List<WriterSecond> seconds, TimeSpan total)
    {
        var (process, postgres, machine) = (ProcessCpuSeconds(), PostgresCpuSeconds(), ServerUnderTest.MachineCpu());
        for (var at = 1; at <= (int)total.TotalSeconds; at++)
        {
            var wait = TimeSpan.FromSeconds(at) - Stopwatch.GetElapsedTime(_start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var (processNow, postgresNow, machineNow) = (ProcessCpuSeconds(), PostgresCpuSeconds(), ServerUnderTest.MachineCpu());
            var second = at - 1;
            var latencies = _commits.In(second).Order().ToArray();
            var sizes = _batches.In(second).Select(b => (double)b.Size).Order().ToArray();
            seconds.Add(new WriterSecond(at, _sentPerSecond[second], latencies.Length, Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99),
                latencies.LastOrDefault(), Percentiles.Of(sizes, 0.5), (processNow - process) * 100, (postgresNow - postgres) * 100,
                100.0 * (machineNow.Busy - machine.Busy) / Math.Max(1, machineNow.Total - machine.Total)));
            (process, postgres, machine) = (processNow, postgresNow, machineNow);
        }
    }

    private WriterResult Summarize(List<WriterSecond> seconds, int issued, long stored)
    {
        var warmup = (int)options.Warmup.TotalSeconds;
        var measured = _commits.From(warmup).Order().ToArray();
        var batches = _batches.From(warmup).ToArray();
        var sizes = batches.Select(b => (double)b.Size).Order().ToArray();
        var durations = batches.Select(b => b.Ms).Order().ToArray();
        var steady = seconds.Where(s => s.At > warmup).ToList();
        double Mean(Func<WriterSecond, double> f) => steady.Count == 0 ? 0 : steady.Average(f);
        return new WriterResult(options, issued, _committed, _failed, _receipts, stored,
            Percentiles.Of(measured, 0.5), Percentiles.Of(measured, 0.99), Percentiles.Of(measured, 0.999), measured.LastOrDefault(),
            Percentiles.Of(sizes, 0.5), Percentiles.Of(sizes, 0.99), Percentiles.Of(durations, 0.5), Percentiles.Of(durations, 0.99),
            Mean(s => s.ProcessCpuPercent), Mean(s => s.PostgresCpuPercent), Mean(s => s.MachineCpuPercent), seconds);
    }

    /// <summary>The messages the store holds, by the conversations' heads: each committed send is one sequence.</summary>
    private static async Task<long> StoredMessages(IDocumentStore store, List<(Guid Id, Guid A, Guid B)> conversations)
    {
        await using var session = store.QuerySession();
        var heads = await session.LoadManyAsync<ConversationHead>(conversations.Select(c => c.Id));
        return heads.Sum(h => h.LastSequence);
    }

    private static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Every PostgreSQL process's CPU time (utime + stime, in seconds), from /proc.</summary>
    private static double PostgresCpuSeconds()
    {
        var seconds = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (stat[(stat.IndexOf('(') + 1)..].StartsWith("postgres", StringComparison.Ordinal)) seconds += ServerUnderTest.CpuSeconds(stat);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { } // a process that ended
        }
        return seconds;
    }

    public static string Write(WriterResult r, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("second,sent,committed,p50_ms,p99_ms,max_ms,batch_p50,process_cpu_percent,postgres_cpu_percent,machine_cpu_percent\n");
        foreach (var s in r.Seconds)
            csv.AppendLine(string.Join(',', new object[] { s.At, s.Sent, s.Committed, s.P50, s.P99, s.Max, s.BatchP50, s.ProcessCpuPercent, s.PostgresCpuPercent, s.MachineCpuPercent }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        File.WriteAllText(Path.Combine(directory, name + ".csv"), csv.ToString());
        Report.LatencyAndRatePlot(Path.Combine(directory, name + ".png"), $"The writer alone: {r.Options.Conversations} conversations at {r.Options.Rate} sends/s",
            "second of the run", [.. r.Seconds.Select(s => (double)s.At)],
            [("p99 submit-to-commit (ms)", [.. r.Seconds.Select(s => s.P99)]), ("p50 submit-to-commit (ms)", [.. r.Seconds.Select(s => s.P50)])],
            ("committed per second", "sends/s", [.. r.Seconds.Select(s => (double)s.Committed)]));
        var o = r.Options;
        var markdown = $"""
            | setting | value |
            |---|---|
            | conversations | {o.Conversations} direct conversations, sends alternating between the two members |
            | target rate | {o.Rate} sends/s, plus each member marking read once a second |
            | measured | {o.Duration.TotalSeconds:0} s at the target rate, after a {o.Warmup.TotalSeconds:0} s warm-up ramping from 10% to 100% |
            | what runs | the server's ConversationWriter and Marten settings in the load generator's process (server GC); no hub, no async daemon, no clients |

            | result | value |
            |---|---|
            | sends issued / committed / failed | {r.Sent} / {r.Committed} / {r.Failed} |
            | messages in the store (the heads' sequences) | {r.Stored} |
            | receipts committed | {r.Receipts} |
            | submit-to-commit latency p50 / p99 / p99.9 / max | {r.P50:0.0} / {r.P99:0.0} / {r.P999:0.0} / {r.Max:0.0} ms |
            | commands per commit p50 / p99 | {r.BatchP50:0} / {r.BatchP99:0} |
            | commit (read, decide, SaveChanges) p50 / p99 | {r.CommitP50:0.0} / {r.CommitP99:0.0} ms |
            | this process's CPU (writer and load; mean, of one core) | {r.ProcessCpuPercent:0}% |
            | PostgreSQL's CPU (mean, of one core) | {r.PostgresCpuPercent:0}% |
            | machine CPU busy (mean, all {Environment.ProcessorCount} cores) | {r.MachineCpuPercent:0}% |

            ![latency and throughput per second]({name}.png)
            """;
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown + "\n");
        return markdown;
    }
}
