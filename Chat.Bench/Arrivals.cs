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
        InterlockedMax(ref _lastTicks[sequence], ticks);
    }

    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is higher, without a lock.</summary>
    public static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    public long Count(long sequence) => Interlocked.Read(ref _counts[sequence]);

    public long LastTicks(long sequence) => Interlocked.Read(ref _lastTicks[sequence]);
}
