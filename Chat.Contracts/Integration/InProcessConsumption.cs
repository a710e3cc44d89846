namespace Chat.Contracts.Integration;

/// <summary>
/// Which published events the in-process consumer has committed, for the in-memory transport only: that transport
/// keeps what it holds in memory, so a stop or a crash drops it after the daemon recorded it as published. The
/// publisher therefore expects a page's store sequences before publishing them and waits until the consumer reports
/// them all; a page cut short is published again after a restart, and the consumer counts each sequence once
/// (docs/events.md).
/// </summary>
public sealed class InProcessConsumption
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Page> _pages = new();

    /// <summary>Completes when every one of the sequences has been reported consumed.</summary>
    public Task Expect(IReadOnlyCollection<long> sequences)
    {
        var page = new Page(sequences.ToHashSet());
        if (page.Waiting.Count == 0) return Task.CompletedTask;
        lock (_lock) foreach (var sequence in page.Waiting) _pages[sequence] = page;
        return page.Done.Task;
    }

    /// <summary>Drops what a publisher that gave up was waiting for.</summary>
    public void Forget(IEnumerable<long> sequences)
    {
        lock (_lock) foreach (var sequence in sequences) _pages.Remove(sequence);
    }

    public void Consumed(IEnumerable<long> sequences)
    {
        List<Page>? done = null;
        lock (_lock)
        {
            foreach (var sequence in sequences)
            {
                if (!_pages.Remove(sequence, out var page)) continue;
                page.Waiting.Remove(sequence);
                if (page.Waiting.Count == 0) (done ??= []).Add(page);
            }
        }
        foreach (var page in done ?? []) page.Done.TrySetResult();
    }

    private sealed record Page(HashSet<long> Waiting)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
