using System.Collections.Concurrent;
using System.Diagnostics;
using Chat.Client;
using Chat.Contracts;

namespace Chat.Bench;

public sealed record LoadOptions(int Pairs, int Rate, TimeSpan Duration, TimeSpan Warmup, HubProtocol Protocol);

/// <summary>One second of the run: messages sent and delivered, and delivery latency percentiles (ms).</summary>
/// <remarks>Server CPU and memory add up every server process (both nodes with --nodes 2); machine CPU is every core's busy share.</remarks>
public sealed record Second(int At, int Sent, int Delivered, double P50, double P99, double Max, double ServerCpuPercent, double ServerRssMb,
    double MachineCpuPercent);

public sealed record LoadResult(
    LoadOptions Options, int Sent, int Acknowledged, int Failed, int Delivered, int Lost, int Duplicates,
    double DeliveredPerSecond, double P50, double P99, double P999, double Max, double AckP50, double AckP99,
    double ServerCpuPercent, double ServerRssMb, double MachineCpuPercent, IReadOnlyList<Second> Seconds);

/// <summary>
/// N pairs of users, each on its own hub connection, send to each other at a fixed total rate (open loop:
/// the schedule does not wait for answers). Latency is send call to MessageReceived at the other client.
/// </summary>
/// <remarks>
/// With <paramref name="otherNode"/>, each pair's second user is on that node: every message crosses nodes. A
/// <paramref name="projections"/> process (the async daemon on its own) serves no client; its CPU and memory count as the server's.
/// </remarks>
public sealed class LoadRun(ServerUnderTest server, LoadOptions options, ServerUnderTest? otherNode = null, ServerUnderTest? projections = null)
{
    private readonly ConcurrentDictionary<string, long> _sentAt = new();
    private readonly ConcurrentDictionary<string, int> _receivedCount = new();
    private readonly PerSecond<double> _deliveries = new();
    private readonly ConcurrentBag<double> _ackMs = [];
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();
    private int _failed;
    private readonly int[] _sentPerSecond = new int[3600];
    private long _start;

    public async Task<LoadResult> Run()
    {
        var pairs = await Connect();
        Console.WriteLine($"{pairs.Count} pairs connected; sending {options.Rate}/s for {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");

        using var ackLoop = new CancellationTokenSource();
        // Each client marks read on its own phase of the second, as independent phones would; started together, every
        // client's receipts would reach the server in the same few milliseconds once a second.
        var clients = pairs.SelectMany(p => new[] { p.A, p.B }).ToArray();
        var acks = Task.WhenAll(clients.Select((c, i) => c.AckLoop(TimeSpan.FromSeconds((double)i / clients.Length), ackLoop.Token)));

        var seconds = new List<Second>();
        var total = options.Warmup + options.Duration;
        _start = Stopwatch.GetTimestamp();
        var sampler = SampleEverySecond(seconds, total);
        var issued = 0L;
        var sends = new List<Task>();
        while (Stopwatch.GetElapsedTime(_start) < total)
        {
            var due = (long)Schedule.MessagesDue(Stopwatch.GetElapsedTime(_start).TotalSeconds, options.Rate, options.Warmup);
            for (; issued < due; issued++)
            {
                var pair = pairs[(int)(issued % pairs.Count)];
                var (from, to) = issued / pairs.Count % 2 == 0 ? (pair.A, pair.B) : (pair.B, pair.A);
                sends.Add(Send(from, pair.ConversationId, $"{issued}"));
                _sentPerSecond[Math.Min(_sentPerSecond.Length - 1, (int)Stopwatch.GetElapsedTime(_start).TotalSeconds)]++;
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(sends);
        await Eventually(() => _acknowledged.Keys.All(_receivedCount.ContainsKey), TimeSpan.FromSeconds(15));
        await sampler;
        ackLoop.Cancel();
        await acks;
        foreach (var p in pairs) { await p.A.Connection.DisposeAsync(); await p.B.Connection.DisposeAsync(); }
        return Summarize(seconds, (int)issued);
    }

    private async Task Send(Client from, Guid conversationId, string clientMessageId)
    {
        var sentAt = Stopwatch.GetTimestamp();
        _sentAt[clientMessageId] = sentAt;
        try
        {
            await from.Connection.Send(conversationId, clientMessageId, "benchmark message " + clientMessageId);
            _ackMs.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            _acknowledged[clientMessageId] = 0;
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    private void OnReceived(Client to, MessageReceived m)
    {
        var now = Stopwatch.GetTimestamp();
        to.Received(m.ConversationId, m.Sequence);
        if (_receivedCount.AddOrUpdate(m.ClientMessageId, 1, (_, n) => n + 1) > 1) return;
        if (_sentAt.TryGetValue(m.ClientMessageId, out var sentAt))
            _deliveries.Add((int)Stopwatch.GetElapsedTime(_start, now).TotalSeconds, Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
    }

    private async Task SampleEverySecond(List<Second> seconds, TimeSpan total)
    {
        var servers = new[] { server, otherNode, projections }.OfType<ServerUnderTest>().ToArray();
        (double Cpu, long Rss) SampleServers() => servers.Select(s => s.Sample()).Aggregate((0.0, 0L), (sum, x) => (sum.Item1 + x.CpuSeconds, sum.Item2 + x.RssBytes));
        var previous = SampleServers();
        var machine = ServerUnderTest.MachineCpu();
        for (var at = 1; at <= (int)total.TotalSeconds; at++)
        {
            var wait = TimeSpan.FromSeconds(at) - Stopwatch.GetElapsedTime(_start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var sample = SampleServers();
            var machineNow = ServerUnderTest.MachineCpu();
            var inSecond = _deliveries.In(at - 1).Order().ToArray();
            seconds.Add(new Second(at, _sentPerSecond[at - 1], inSecond.Length, Percentiles.Of(inSecond, 0.5), Percentiles.Of(inSecond, 0.99),
                inSecond.LastOrDefault(), (sample.Cpu - previous.Cpu) * 100, sample.Rss / 1048576.0,
                100.0 * (machineNow.Busy - machine.Busy) / Math.Max(1, machineNow.Total - machine.Total)));
            (previous, machine) = (sample, machineNow);
        }
    }

    private LoadResult Summarize(List<Second> seconds, int issued)
    {
        var warmup = (int)options.Warmup.TotalSeconds;
        var measured = _deliveries.From(warmup).Order().ToArray();
        var acks = _ackMs.Order().ToArray();
        var steady = seconds.Where(s => s.At > warmup).ToList();
        var lost = _acknowledged.Keys.Count(k => !_receivedCount.ContainsKey(k));
        return new LoadResult(options, issued, _acknowledged.Count, _failed, _receivedCount.Count, lost,
            _receivedCount.Values.Sum(n => n - 1), measured.Length / options.Duration.TotalSeconds,
            Percentiles.Of(measured, 0.5), Percentiles.Of(measured, 0.99), Percentiles.Of(measured, 0.999), measured.LastOrDefault(),
            Percentiles.Of(acks, 0.5), Percentiles.Of(acks, 0.99),
            steady.Count == 0 ? 0 : steady.Average(s => s.ServerCpuPercent), steady.Count == 0 ? 0 : steady.Max(s => s.ServerRssMb),
            steady.Count == 0 ? 0 : steady.Average(s => s.MachineCpuPercent), seconds);
    }

    private async Task<List<Pair>> Connect()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var pairs = new List<Pair>();
        for (var batch = 0; batch < options.Pairs; batch += 20)
            pairs.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(20, options.Pairs - batch)).Select(async i =>
            {
                var a = await User($"a{i}-{run}", server);
                var b = await User($"b{i}-{run}", otherNode ?? server);
                var conversationId = await a.Api.OpenDirect(b.Api.UserId);
                return new Pair(conversationId, a, b);
            })));
        return pairs;
    }

    private async Task<Client> User(string username, ServerUnderTest node)
    {
        var api = new ChatApi(new HttpClient { BaseAddress = node.Address });
        await api.Register(username, "benchmark-password");
        await api.SignIn(username, "benchmark-password");
        var client = new Client(api, new ChatConnection(node.Address, api.AccessToken!, protocol: options.Protocol));
        client.Connection.MessageReceived += m => OnReceived(client, m);
        await client.Connection.Start();
        return client;
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    private sealed record Pair(Guid ConversationId, Client A, Client B);

    /// <summary>
    /// A benchmark user with the chat open: once a second per conversation it marks everything received as
    /// read (which implies delivered), as a client batches its receipts.
    /// </summary>
    private sealed class Client(ChatApi api, ChatConnection connection)
    {
        private readonly ConcurrentDictionary<Guid, long> _highest = new();
        private readonly Dictionary<Guid, long> _acked = new();
        public ChatApi Api { get; } = api;
        public ChatConnection Connection { get; } = connection;

        public void Received(Guid conversationId, long sequence) => _highest.AddOrUpdate(conversationId, sequence, (_, s) => Math.Max(s, sequence));

        public async Task AckLoop(TimeSpan phase, CancellationToken ct)
        {
            try { await Task.Delay(phase, ct); } catch (OperationCanceledException) { return; }
            while (!ct.IsCancellationRequested)
            {
                try { await Task.Delay(1000, ct); } catch (OperationCanceledException) { return; }
                foreach (var (conversationId, highest) in _highest)
                {
                    if (_acked.GetValueOrDefault(conversationId) >= highest) continue;
                    try { await Connection.MarkRead(conversationId, highest, ct); _acked[conversationId] = highest; }
                    catch (Exception) when (!ct.IsCancellationRequested) { }
                    catch (OperationCanceledException) { return; }
                }
            }
        }
    }
}
