namespace Chat.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Polls until the condition holds, and fails the test when it does not within the timeout: async read models and
    /// pushes arrive a moment after the command, but they must arrive.
    /// </summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var value = await read();
            if (until(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The condition did not hold within {wait.TotalSeconds} s; the last value read was {Describe(value)}.");
            await Task.Delay(50);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.IEnumerable items and not string
        ? $"[{string.Join(", ", items.Cast<object?>().Take(20))}]"
        : value?.ToString() ?? "null";

    public static Task<T> Get<T>(Func<T> read, Func<T, bool> until, TimeSpan? timeout = null) =>
        Get(() => Task.FromResult(read()), until, timeout);
}
