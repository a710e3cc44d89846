using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi;

/// <summary>Chat:DataDirectory: the development signing key and, by default, the attachments; ".data" beside the binaries.</summary>
public static class DataFolder
{
    public static string From(IConfiguration configuration) =>
        configuration["Chat:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, ".data");
}
