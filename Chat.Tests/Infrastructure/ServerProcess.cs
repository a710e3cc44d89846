using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>The server as a real OS process, so a test can kill it the way a crash would (SIGKILL).</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    public Uri Address { get; }

    private ServerProcess(Process process, Uri address) => (_process, Address) = (process, address);

    /// <param name="settings">Configuration on top of the test defaults, as environment variables (Section__Key).</param>
    public static async Task<ServerProcess> Start(string dataDirectory, string schema = TestDatabase.SharedSchema,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var serverDll = Path.Combine(TestDatabase.RepositoryRoot, "Chat.Server", "bin", configuration, "net10.0", "Chat.Server.dll");
        var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
                ["Chat__Schema"] = schema,
                ["Chat__DataDirectory"] = dataDirectory,
                ["Chat__Limits__MessagesPerSecond"] = "100000", // as in ChatServer: tests send as fast as they can
                ["Chat__Limits__MessageBurst"] = "100000",
                ["Chat__Limits__RegistrationsPerHour"] = "0", // off
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerProcess(process, address);
    }

    /// <summary>A registered, signed-in user with a fresh name, talking to this process.</summary>
    public async Task<ChatApi> NewUser(string prefix)
    {
        var api = new ChatApi(new HttpClient { BaseAddress = Address });
        var username = $"{prefix}-{Guid.NewGuid():N}"[..30];
        await api.Register(username, "correct-horse-battery");
        await api.SignIn(username, "correct-horse-battery");
        return api;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it: the host shuts down in order; waits for the exit.</summary>
    public async Task Stop()
    {
        if (SendSignal(_process.Id, Sigterm) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed.");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await Kill();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
