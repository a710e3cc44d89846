using System.Collections.Concurrent;

namespace Chat.Bench;

/// <summary>
/// Samples kept by the second of the run they belong to, so that reading one second each second touches only its own:
/// one bag of a whole run, filtered every second, copied every sample so far (megabytes by the end of a run, on the large
/// object heap) in the process whose timing is being measured.
/// </summary>
public sealed class PerSecond<T>
{
    private const int MaxSeconds = 3600;
    private readonly ConcurrentQueue<T>?[] _seconds = new ConcurrentQueue<T>?[MaxSeconds];

    public void Add(int second, T sample)
    {
        var index = Math.Clamp(second, 0, MaxSeconds - 1);
        var queue = Volatile.Read(ref _seconds[index]);
        if (queue is null)
        {
            Interlocked.CompareExchange(ref _seconds[index], new ConcurrentQueue<T>(), null);
            queue = _seconds[index]!;
        }
        queue.Enqueue(sample);
    }

    public IEnumerable<T> In(int second) => second is >= 0 and < MaxSeconds ? _seconds[second] ?? Enumerable.Empty<T>() : [];

    public IEnumerable<T> From(int second) => Enumerable.Range(Math.Max(0, second), MaxSeconds - Math.Max(0, second)).SelectMany(In);
}
