using Chat.Projections.Limits;

namespace Chat.WriteApi.Limits;

/// <summary>
/// At most <paramref name="limit"/> attempts per subject in a sliding <paramref name="window"/>, counted in PostgreSQL
/// (<see cref="RecentAttempt"/>), so every node sees every attempt and N nodes do not allow N times as many. A limit
/// of 0 turns the window off: nothing is counted or refused.
/// </summary>
public sealed class AttemptWindow(string kind, int limit, TimeSpan window, TimeProvider clock)
{
    public int Limit => limit;

    /// <summary>Null while the subject has attempts left; otherwise when the oldest attempt in the window leaves it.</summary>
    public async Task<TimeSpan?> RetryAfter(IQuerySession session, string subject, CancellationToken ct)
    {
        if (limit == 0) return null;
        var (key, now) = (Key(subject), clock.GetUtcNow());
        var since = now - window;
        var recent = await session.Query<RecentAttempt>().Where(a => a.Key == key && a.At > since)
            .OrderBy(a => a.At).Select(a => a.At).Take(limit).ToListAsync(ct);
        return recent.Count < limit ? null : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((recent[0] + window - now).TotalSeconds)));
    }

    /// <summary>Counts an attempt, or refuses it (429, <paramref name="refusal"/> as the message) when the subject has none left.</summary>
    public async Task Take(IQuerySession session, IDocumentStore store, string subject, string refusal, CancellationToken ct)
    {
        if (await RetryAfter(session, subject, ct) is { } retryAfter) throw DomainError.RateLimited(refusal, retryAfter);
        await Record(store, subject, ct);
    }

    /// <summary>Counts an attempt, and forgets the subject's attempts that have left the window.</summary>
    public async Task Record(IDocumentStore store, string subject, CancellationToken ct)
    {
        if (limit == 0) return;
        var (key, now) = (Key(subject), clock.GetUtcNow());
        var expired = now - window;
        await using var session = store.LightweightSession();
        session.Insert(new RecentAttempt(Guid.NewGuid(), key, now));
        session.DeleteWhere<RecentAttempt>(a => a.Key == key && a.At <= expired);
        await session.SaveChangesAsync(ct);
    }

    private string Key(string subject) => $"{kind}:{subject}";
}
