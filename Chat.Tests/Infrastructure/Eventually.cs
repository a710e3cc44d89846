namespace Chat.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds; async read models and pushes arrive a moment after the command.</summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (until(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }

    public static Task<T> Get<T>(Func<T> read, Func<T, bool> until, TimeSpan? timeout = null) =>
        Get(() => Task.FromResult(read()), until, timeout);
}
