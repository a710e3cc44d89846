using Chat.Domain.Attachments;
using Chat.Projections.Accounts;
using Chat.Projections.Attachments;
using Chat.WriteApi;
using Chat.WriteApi.Attachments;

namespace Chat.Server;

public static class AttachmentStorage
{
    /// <summary>
    /// Chat:Attachments:Directory (default: "attachments" in the data folder), :MaxBytes per file (default 100 MiB),
    /// :QuotaBytes per uploader (default none) and :RetainDays (default: kept for ever; the write nodes expire older
    /// files). Every node that serves the same conversations must see the same directory.
    /// </summary>
    public static IServiceCollection AddChatAttachments(this IServiceCollection services, IConfiguration configuration, ServerRoles roles)
    {
        var directory = configuration["Chat:Attachments:Directory"] ?? Path.Combine(DataFolder.From(configuration), "attachments");
        var retainDays = configuration.GetValue<double?>("Chat:Attachments:RetainDays");
        var policy = new AttachmentPolicy(
            configuration.GetValue("Chat:Attachments:MaxBytes", AttachmentRules.DefaultMaxBytes),
            configuration.GetValue<long?>("Chat:Attachments:QuotaBytes"),
            retainDays is > 0 ? TimeSpan.FromDays(retainDays.Value) : null);
        services.AddSingleton(new AttachmentFiles(directory)).AddSingleton(policy);
        // Profile photos (Chat:Avatars:Directory, default "avatars" in the data folder), shared by the nodes the same way.
        services.AddSingleton(new AvatarFiles(configuration["Chat:Avatars:Directory"] ?? Path.Combine(DataFolder.From(configuration), "avatars")));
        if (roles.Write && policy.Retain is not null) services.AddHostedService<AttachmentRetention>();
        return services;
    }
}
