using System.Globalization;
using System.Text;
using ScottPlot;

namespace Chat.Bench;

/// <summary>Writes a run's numbers as markdown and CSV, and its time series as a PNG plot.</summary>
public static class Report
{
    public static string Write(LoadResult result, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("second,sent,delivered,p50_ms,p99_ms,max_ms,server_cpu_percent,server_rss_mb,machine_cpu_percent\n");
        foreach (var s in result.Seconds)
            csv.AppendLine(string.Join(',', new object[] { s.At, s.Sent, s.Delivered, s.P50, s.P99, s.Max, s.ServerCpuPercent, s.ServerRssMb, s.MachineCpuPercent }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        File.WriteAllText(Path.Combine(directory, name + ".csv"), csv.ToString());
        Plot(result, Path.Combine(directory, name + ".png"));

        var o = result.Options;
        var markdown = $"""
            | setting | value |
            |---|---|
            | pairs (connections) | {o.Pairs} ({o.Pairs * 2}) |
            | target rate | {o.Rate} messages/s |
            | measured | {o.Duration.TotalSeconds:0} s at the target rate, after a {o.Warmup.TotalSeconds:0} s warm-up ramping from 10% to 100% |
            | hub protocol | {o.Protocol} over WebSockets |

            | result | value |
            |---|---|
            | sent / acknowledged / failed | {result.Sent} / {result.Acknowledged} / {result.Failed} |
            | delivered (unique) | {result.Delivered} |
            | lost (acknowledged, never delivered) | {result.Lost} |
            | duplicates | {result.Duplicates} |
            | delivered throughput (measured window) | {result.DeliveredPerSecond:0} messages/s |
            | send-to-receive latency p50 / p99 / p99.9 / max | {result.P50:0.0} / {result.P99:0.0} / {result.P999:0.0} / {result.Max:0.0} ms |
            | send-to-acknowledgement (commit) p50 / p99 | {result.AckP50:0.0} / {result.AckP99:0.0} ms |
            | server CPU (mean, of one core; all server processes) | {result.ServerCpuPercent:0}% |
            | machine CPU busy (mean, all {Environment.ProcessorCount} cores: servers, load generator, PostgreSQL, RabbitMQ) | {result.MachineCpuPercent:0}% |
            | server resident memory (peak, all server processes) | {result.ServerRssMb:0} MB |
            """;
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown + "\n");
        return markdown;
    }

    public static string Write(PresenceResult r, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        MemoryPlot(r, Path.Combine(directory, name + ".png"));
        var points = string.Join(" / ", r.Memory.Select(p => $"{p.RssMb:0}"));
        var markdown = $"""
            | setting | value |
            |---|---|
            | clients (one connection each, WebSockets, JSON) | {r.Options.Clients} ({r.Connected} connected) |
            | warm-up before the baseline | {PresenceRun.WarmUpClients} other clients connected, idle throughout |
            | heartbeat interval | {r.Options.HeartbeatInterval.TotalSeconds:0} s |
            | heartbeat phase | {r.Options.Duration.TotalSeconds:0} s |

            | result | value |
            |---|---|
            | heartbeats per second (failed) | {r.HeartbeatsPerSecond:0} ({r.FailedHeartbeats}) |
            | server CPU, connections idle | {r.IdleCpuPercent:0.0}% of one core |
            | server CPU, heartbeating | {r.HeartbeatCpuPercent:0.0}% of one core |
            | presence cost (heartbeating minus idle) | {r.HeartbeatCpuPercent - r.IdleCpuPercent:0.0}% of one core |
            | server memory with {string.Join(" / ", r.Memory.Select(p => p.Connected))} clients connected | {points} MB |
            | memory per idle connection (slope of memory over connected clients) | {r.SlopeKbPerConnection:0.0} KB |
            | memory per idle connection (all connected minus none, by the clients) | {r.KbPerConnection:0.0} KB |
            | presence events written while heartbeating | {r.PresenceEventsDuringHeartbeats} |

            ![server memory over connected clients]({name}.png)
            """;
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown + "\n");
        return markdown;
    }

    private static void MemoryPlot(PresenceResult r, string path)
    {
        var plot = new Plot();
        double[] connected = [.. r.Memory.Select(p => (double)p.Connected)];
        var measured = plot.Add.Scatter(connected, [.. r.Memory.Select(p => p.RssMb)]);
        measured.LegendText = "server resident memory (MB)";
        var (meanX, meanY, slopeMb) = (r.Memory.Average(p => p.Connected), r.Memory.Average(p => p.RssMb), r.SlopeKbPerConnection / 1024);
        var fitted = plot.Add.Line(0, meanY - slopeMb * meanX, r.Connected, meanY + slopeMb * (r.Connected - meanX));
        fitted.LegendText = $"least-squares line: {r.SlopeKbPerConnection:0.0} KB per connection";
        var bar = plot.Add.Line(0, r.Memory[0].RssMb, r.Connected, r.Memory[0].RssMb + 30.0 / 1024 * r.Connected);
        bar.LegendText = "30 KB per connection from the baseline (issue 4's bar)";
        bar.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.Label.Text = "idle clients connected";
        plot.Axes.Left.Label.Text = "MB";
        plot.Title($"Server memory with idle connections ({r.Options.Clients} clients)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 500);
    }

    private static void Plot(LoadResult result, string path) => LatencyAndRatePlot(path,
        $"{result.Options.Pairs} pairs at {result.Options.Rate} messages/s", "second of the run",
        [.. result.Seconds.Select(s => (double)s.At)],
        [("p99 latency (ms)", [.. result.Seconds.Select(s => s.P99)]), ("p50 latency (ms)", [.. result.Seconds.Select(s => s.P50)])],
        ("delivered per second", "messages/s", [.. result.Seconds.Select(s => (double)s.Delivered)]));

    /// <summary>Latency series in ms on the left axis and one rate series on the right, per second of a run.</summary>
    public static void LatencyAndRatePlot(string path, string title, string xLabel, double[] at,
        IReadOnlyList<(string Legend, double[] Ms)> latencies, (string Legend, string Unit, double[] Values) rate)
    {
        var plot = new Plot();
        foreach (var (legend, ms) in latencies) plot.Add.Scatter(at, ms).LegendText = legend;
        var rates = plot.Add.Scatter(at, rate.Values);
        rates.LegendText = rate.Legend;
        rates.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = rate.Unit;
        plot.Axes.Left.Label.Text = "ms";
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 500);
    }
}
