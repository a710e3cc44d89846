namespace Chat.Bench;

/// <summary>
/// Per message sequence: how many members have it and when the last one got it (Stopwatch ticks). Lock-free, since all
/// members receive the same message at nearly the same moment: a shared dictionary entry made them queue on one lock.
/// </summary>
internal sealed class Arrivals(int capacity)
{
    private readonly long[] _counts = new long[capacity];
    private readonly long[] _lastTicks = new long[capacity];

    public long Total => _counts.Sum();

    public void Add(long sequence, long ticks)
    {
        Interlocked.Increment(ref _counts[sequence]);
        var last = Volatile.Read(ref _lastTicks[sequence]);
        while (ticks > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastTicks[sequence], ticks, last);
            if (seen == last) break;
            last = seen;
        }
    }

    public long Count(long sequence) => Interlocked.Read(ref _counts[sequence]);

    public long LastTicks(long sequence) => Interlocked.Read(ref _lastTicks[sequence]);
}
