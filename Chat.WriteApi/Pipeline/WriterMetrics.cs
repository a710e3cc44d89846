using System.Diagnostics.Metrics;

namespace Chat.WriteApi.Pipeline;

/// <summary>Group commit health, readable with dotnet-counters or at /metrics (meter "Chat.Writer").</summary>
public static class WriterMetrics
{
    public const string MeterName = "Chat.Writer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("chat.writer.batch_size", "{command}");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("chat.writer.commit_duration", "ms");
    private static readonly Counter<long> Messages = Meter.CreateCounter<long>("chat.writer.messages", "{message}", "Messages committed");

    public static void Committed(int commands, int messages, TimeSpan duration)
    {
        BatchSize.Record(commands);
        CommitDuration.Record(duration.TotalMilliseconds);
        if (messages > 0) Messages.Add(messages);
    }
}
