namespace Chat.Tests.Infrastructure;

/// <summary>The PostgreSQL cluster that build.ps1 starts on 127.0.0.1 for the test run.</summary>
public static class TestDatabase
{
    public const string SharedSchema = "chat_tests";

    /// <summary>
    /// A schema for one test class alone (its own event store and daemon). Named chat_t_PURPOSE_HEX: build.ps1 test
    /// drops every schema of that shape after the run.
    /// </summary>
    public static string PrivateSchema(string purpose) => $"chat_t_{purpose}_{Guid.NewGuid():N}"[..(8 + purpose.Length + 12)];

    public static string ConnectionString => Environment.GetEnvironmentVariable("CHAT_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "CHAT_TEST_POSTGRES is not set: run the tests with `dotnet pwsh -NoProfile -File build.ps1 test`, which starts PostgreSQL.");

    /// <summary>The RabbitMQ broker build.ps1 starts on 127.0.0.1 for the multi-node tests.</summary>
    public static string RabbitMq => Environment.GetEnvironmentVariable("CHAT_RABBITMQ")
        ?? throw new InvalidOperationException(
            "CHAT_RABBITMQ is not set: run the tests with `dotnet pwsh -NoProfile -File build.ps1 test`, which starts RabbitMQ.");

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chat.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Chat.sln not found above the test binaries.");
        }
    }
}
