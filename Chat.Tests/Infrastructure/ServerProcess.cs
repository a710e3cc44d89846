using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>The server as a real OS process, so a test can kill it the way a crash would (SIGKILL).</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;
    public Uri Address { get; }

    private ServerProcess(Process process, Uri address, ConcurrentQueue<string> log) => (_process, Address, _log) = (process, address, log);

    /// <summary>The process's last lines of output, warnings and failures among them: for a failing test's message.</summary>
    public string LogTail(int lines = 40) => string.Join(Environment.NewLine, _log.TakeLast(lines));

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
        var log = new ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            while (log.Count > KeptLines) log.TryDequeue(out _);
        }
        process.OutputDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerProcess(process, address, log);
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
