using System.Diagnostics;

namespace Chat.Tests.Infrastructure;

/// <summary>The test RabbitMQ node, stopped and started the way build.ps1 does (it exports the node's RABBITMQ_* settings).</summary>
public static class Broker
{
    private static string PidFile => Environment.GetEnvironmentVariable("RABBITMQ_PID_FILE")
        ?? throw new InvalidOperationException("RABBITMQ_PID_FILE is not set: run the tests with build.ps1 test, which starts RabbitMQ.");

    /// <summary>Stops the whole broker node (every connection drops, temporary queues go), then starts it again.</summary>
    public static async Task Restart()
    {
        await Run("rabbitmqctl", "-q", "stop", PidFile);
        var log = Path.Combine(Path.GetDirectoryName(PidFile)!, "restart.out");
        await Run("sh", "-c", $"rabbitmq-server > '{log}' 2>&1 &");
        await Run("rabbitmqctl", "-q", "wait", "--timeout", "120", PidFile);
    }

    public static Task DeleteQueue(string queue) => Run("rabbitmqctl", "-q", "delete_queue", queue);

    private static async Task Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {await error}");
    }
}

/// <summary>
/// Tests that use the shared RabbitMQ node run one after another: one of them restarts the node, which drops every
/// other test's connections and temporary queues (and the events on their way to them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedBroker
{
    public const string Name = "shared broker";
}
