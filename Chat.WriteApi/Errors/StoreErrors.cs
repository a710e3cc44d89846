using JasperFx;
using Marten.Exceptions;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Chat.WriteApi;

public static class StoreErrors
{
    /// <summary>
    /// Retries a write that lost a race on a stream: another writer appended first (a version conflict), inserted the
    /// same key, or deadlocked with it. The callback must fetch and decide again in a new session. Used by the
    /// conversation writer, account changes and presence.
    /// </summary>
    public static readonly ResiliencePipeline ConflictRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyException>()
                .Handle<Exception>(e => IsUniqueViolation(e) || IsRolledBackRace(e)),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(5),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    /// <summary>
    /// PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict: nothing was written, and
    /// a new session that reads again may pass. Marten does not replay such a commit itself (<c>ChatStoreOptions</c>).
    /// </summary>
    public static bool IsRolledBackRace(Exception e) => Caused(e, inner =>
        inner is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure });

    /// <summary>
    /// The database could not be reached or dropped the connection (down, restarting, refusing connections): Npgsql's
    /// transient errors, however Marten wrapped them. Not a fault of the request: answered as unavailable, to retry.
    /// </summary>
    public static bool IsUnavailable(Exception e) => Caused(e, inner => inner is NpgsqlException { IsTransient: true });

    /// <summary>What a request that met <see cref="IsUnavailable"/> is told, with the code <c>unavailable</c>.</summary>
    public const string UnavailableMessage = "The database is unavailable; retry the request.";

    /// <summary>The exception or one it wraps, however deep (Marten wraps Npgsql's).</summary>
    private static bool Caused(Exception e, Func<Exception, bool> cause)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (cause(inner)) return true;
        return false;
    }

    /// <summary>A commit lost a race on a unique key: a document id, a unique index or a new stream id.</summary>
    public static bool IsUniqueViolation(Exception e) => e is DocumentAlreadyExistsException
        or JasperFx.Events.ExistingStreamIdCollisionException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } };
}
