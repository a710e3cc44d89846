using Chat.Domain.Attachments;
using Chat.Projections.Attachments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Attachments;

/// <summary>
/// Deletes the files of attachments older than the retention and records each as <see cref="AttachmentExpired"/>: the
/// file first, so a crash in between leaves a recorded attachment without its file (the next sweep records it), never
/// a file nothing will delete. Every write node sweeps; two that pick the same attachment race on its stream's version
/// and one records it.
/// </summary>
public sealed class AttachmentRetention(
    IDocumentStore store, AttachmentFiles files, AttachmentPolicy policy, TimeProvider clock, ILogger<AttachmentRetention> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>A tenth of the retention, between a second and an hour: how long a file may outlive it.</summary>
    public static TimeSpan SweepEvery(TimeSpan retain) =>
        TimeSpan.FromTicks(Math.Clamp(retain.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retain = policy.Retain ?? throw new InvalidOperationException("No retention is configured.");
        using var timer = new PeriodicTimer(SweepEvery(retain), clock);
        do
        {
            try
            {
                while (await Sweep(retain, stoppingToken) == BatchSize) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expiring attachments older than {Retain} failed; the next sweep tries again", retain);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> Sweep(TimeSpan retain, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - retain;
        await using var session = store.LightweightSession();
        var due = await session.Query<AttachmentInfo>().Where(a => a.UploadedAt < cutoff && a.ExpiredAt == null)
            .OrderBy(a => a.UploadedAt).Take(BatchSize).ToListAsync(ct);
        foreach (var attachment in due)
        {
            files.Delete(attachment.ConversationId, attachment.Id);
            // Version 2: the upload is the stream's only event, so a node that recorded it first fails this commit.
            session.Events.Append(attachment.Id, 2,
                new AttachmentExpired(attachment.Id, attachment.ConversationId, attachment.UploaderId, attachment.Size, now));
        }
        if (due.Count > 0)
        {
            await session.SaveChangesAsync(ct);
            logger.LogInformation("Expired {Count} attachments uploaded before {Cutoff}", due.Count, cutoff);
        }
        return due.Count;
    }
}
