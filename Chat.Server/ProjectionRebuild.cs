using Chat.Projections;
using Marten;

namespace Chat.Server;

/// <summary>`Chat.Server rebuild-projections`: drops every read model and replays it from the event store.</summary>
public static class ProjectionRebuild
{
    public const string Command = "rebuild-projections";

    public static async Task Run(IServiceProvider services, CancellationToken ct = default)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProjectionRebuild));
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in ChatStoreOptions.RebuildableProjections)
        {
            logger.LogInformation("Rebuilding {Projection}", projection.Name);
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), ct);
        }
        logger.LogInformation("Rebuilt {Count} projections", ChatStoreOptions.RebuildableProjections.Length);
    }
}
