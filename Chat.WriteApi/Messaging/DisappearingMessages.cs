using Chat.Projections.History;
using Chat.WriteApi.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi;

/// <summary>
/// Deletes for everyone each disappearing message whose time has come, through the conversation writer like a member's
/// deletion: connected devices are told at once, devices away through the relay, and the erasure empties its stored text
/// (docs/adr/0018-disappearing-messages.md). Every write node sweeps; a message two of them expire is deleted once.
/// </summary>
public sealed class DisappearingMessages(IDocumentStore store, CommandRouter writer, TimeProvider clock, ILogger<DisappearingMessages> logger)
    : BackgroundService
{
    /// <summary>How late a message may disappear: at most this after its time.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await Sweep(stoppingToken) == BatchSize) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Deleting disappearing messages failed; the next sweep tries again");
            }
        }
    }

    private async Task<int> Sweep(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        var due = await session.Query<ChatMessage>()
            .Where(m => m.ExpiresAt != null && m.ExpiresAt <= now && m.DeletedAt == null)
            .OrderBy(m => m.ExpiresAt).Take(BatchSize)
            .Select(m => new { m.ConversationId, m.Id })
            .ToListAsync(ct);
        // Together: the writer commits them in as few commits as it can.
        await Task.WhenAll(due.Select(m => writer.Submit(new ExpireMessage(m.ConversationId, m.Id, now), ct)));
        return due.Count;
    }
}
