using JasperFx;
using Polly;
using Polly.Retry;

namespace Chat.WriteApi.Accounts;

/// <summary>Changes to an account's stream, decided on its current state.</summary>
public static class AccountStream
{
    // Presence changes append to the same stream; a concurrent one makes the change fetch and decide again.
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyException>(),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.FromMilliseconds(5),
            UseJitter = true,
        })
        .Build();

    /// <summary>Appends the event <paramref name="decide"/> returns, if any, and gives back its result.</summary>
    public static async Task<T> Change<T>(IDocumentStore store, Guid userId, Func<UserAccount, (T Result, object? Event)> decide, CancellationToken ct) =>
        await Retry.ExecuteAsync(async token =>
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
