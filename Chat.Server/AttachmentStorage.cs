using Chat.Domain.Attachments;
using Chat.Projections.Attachments;
using Chat.WriteApi;

namespace Chat.Server;

public static class AttachmentStorage
{
    /// <summary>
    /// Chat:Attachments:Directory (default: "attachments" in the data folder) and Chat:Attachments:MaxBytes
    /// (default 100 MiB). Every node that serves the same conversations must see the same directory.
    /// </summary>
    public static IServiceCollection AddChatAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        var directory = configuration["Chat:Attachments:Directory"] ?? Path.Combine(DataFolder.From(configuration), "attachments");
        var maxBytes = configuration.GetValue("Chat:Attachments:MaxBytes", AttachmentRules.DefaultMaxBytes);
        return services.AddSingleton(new AttachmentFiles(directory, maxBytes));
    }
}
