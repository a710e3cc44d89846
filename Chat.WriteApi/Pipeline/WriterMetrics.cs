using System.Diagnostics.Metrics;

namespace Chat.WriteApi.Pipeline;

/// <summary>Group commit health, readable with dotnet-counters (meter "Chat.Writer").</summary>
public static class WriterMetrics
{
    private static readonly Meter Meter = new("Chat.Writer");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("chat.writer.batch_size", "{command}");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("chat.writer.commit_duration", "ms");

    public static void Committed(int commands, TimeSpan duration)
    {
        BatchSize.Record(commands);
        CommitDuration.Record(duration.TotalMilliseconds);
    }
}
