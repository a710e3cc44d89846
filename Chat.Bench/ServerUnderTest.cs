using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Chat.Client;

namespace Chat.Bench;

/// <summary>The server as its own process (as in production), with its CPU time and memory sampled from /proc.</summary>
public sealed partial class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    public Uri Address { get; }

    private ServerUnderTest(Process process, Uri address) => (_process, Address) = (process, address);

    public static async Task<ServerUnderTest> Start(
        string serverDll, string connectionString, string schema, string dataDirectory, string? rabbitMq = null, string? roles = null)
    {
        serverDll = Path.GetFullPath(serverDll);
        var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Chat__Schema"] = schema,
                ["Chat__DataDirectory"] = dataDirectory,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Chat__Accounts__PasswordHashIterations"] = "1000", // throwaway users: register a thousand in seconds
                ["Chat__Limits__MessagesPerSecond"] = "100000", // a group run's one sender writes hundreds a second
                ["Chat__Limits__MessageBurst"] = "100000",
                ["Chat__Limits__RegistrationsPerHour"] = "0", // off: a thousand throwaway users from one address
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };
        if (rabbitMq is not null) start.Environment["ConnectionStrings__RabbitMq"] = rabbitMq;
        if (roles is not null) start.Environment["Chat__Roles"] = roles;
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
            else if (e.Data.Contains("fail:") || e.Data.Contains("crit:")) Console.Error.WriteLine("server: " + e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The server exited with code {process.ExitCode}."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerUnderTest(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Registers and signs in <paramref name="count"/> throwaway users, 32 at a time, over one shared handler.</summary>
    public async Task<ChatApi[]> RegisterUsers(int count, string prefix, HttpMessageHandler handler)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = new ChatApi[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var api = new ChatApi(new HttpClient(handler, disposeHandler: false) { BaseAddress = Address });
            await api.Register($"{prefix}{i}-{run}", "benchmark-password");
            await api.SignIn($"{prefix}{i}-{run}", "benchmark-password");
            users[i] = api;
        });
        return users;
    }

    /// <summary>CPU seconds (user + system) the server has used so far, and its resident memory in bytes.</summary>
    public (double CpuSeconds, long RssBytes) Sample()
    {
        var rssPages = long.Parse(File.ReadAllText($"/proc/{_process.Id}/statm").Split(' ')[1]);
        return (CpuSeconds(File.ReadAllText($"/proc/{_process.Id}/stat")), rssPages * Environment.SystemPageSize);
    }

    /// <summary>The CPU seconds (utime + stime) in the text of a /proc/PID/stat file.</summary>
    public static double CpuSeconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Jiffies the whole machine spent busy (everything but idle and iowait) and in all, over every core.</summary>
    public static (long Busy, long Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - fields[3] - fields[4], total);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
