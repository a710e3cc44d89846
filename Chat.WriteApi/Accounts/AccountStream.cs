namespace Chat.WriteApi.Accounts;

/// <summary>Changes to an account's stream, decided on its current state; presence appends to the same stream, so a lost race is retried.</summary>
public static class AccountStream
{
    /// <summary>Appends the event <paramref name="decide"/> returns, if any, and gives back its result.</summary>
    public static Task<T> Change<T>(IDocumentStore store, Guid userId, Func<UserAccount, (T Result, object? Event)> decide, CancellationToken ct) =>
        Change<UserAccount, T>(store, userId, account => decide(account ?? throw DomainError.NotFound("The user")), locked: false, ct);

    /// <summary>
    /// The same, decided on another of the stream's inline projections (null while it has nothing), with the stream locked
    /// from the read to the commit: for changes that many callers race to make at once (claiming a user's keys), which
    /// would otherwise lose the race to each other more often than a retry can make good.
    /// </summary>
    public static Task<T> ChangeLocked<TState, T>(
        IDocumentStore store, Guid userId, Func<TState?, (T Result, object? Event)> decide, CancellationToken ct) where TState : class =>
        Change(store, userId, decide, locked: true, ct);

    /// <summary>Appends <paramref name="events"/> to the account's stream in one commit.</summary>
    public static Task Append(IDocumentStore store, Guid userId, IReadOnlyList<object> events, CancellationToken ct) =>
        Commit<UserAccount, bool>(store, userId, account => account is null ? throw DomainError.NotFound("The user") : (true, events), locked: false, ct);

    private static Task<T> Change<TState, T>(
        IDocumentStore store, Guid userId, Func<TState?, (T Result, object? Event)> decide, bool locked, CancellationToken ct) where TState : class =>
        Commit<TState, T>(store, userId, state =>
        {
            var (result, @event) = decide(state);
            return (result, @event is null ? [] : [@event]);
        }, locked, ct);

    private static async Task<T> Commit<TState, T>(
        IDocumentStore store, Guid userId, Func<TState?, (T Result, IReadOnlyList<object> Events)> decide, bool locked, CancellationToken ct)
        where TState : class =>
        await StoreErrors.ConflictRetry.ExecuteAsync(async token =>
        {
            await using var session = store.LightweightSession();
            var stream = locked
                ? await session.Events.FetchForExclusiveWriting<TState>(userId, token)
                : await session.Events.FetchForWriting<TState>(userId, token);
            var (result, events) = decide(stream.Aggregate);
            if (events.Count == 0) return result;
            stream.AppendMany(events);
            await session.SaveChangesAsync(token);
            return result;
        }, ct);
}
