namespace Chat.WriteApi.Accounts;

/// <summary>Changes to an account's stream, decided on its current state; presence appends to the same stream, so a lost race is retried.</summary>
public static class AccountStream
{
    /// <summary>Appends the event <paramref name="decide"/> returns, if any, and gives back its result.</summary>
    public static async Task<T> Change<T>(IDocumentStore store, Guid userId, Func<UserAccount, (T Result, object? Event)> decide, CancellationToken ct) =>
        await StoreErrors.ConflictRetry.ExecuteAsync(async token =>
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<UserAccount>(userId, token);
            var (result, @event) = decide(stream.Aggregate ?? throw DomainError.NotFound("The user"));
            if (@event is null) return result;
            stream.AppendOne(@event);
            await session.SaveChangesAsync(token);
            return result;
        }, ct);
}
