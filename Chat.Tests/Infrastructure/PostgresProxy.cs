using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the test PostgreSQL that can play the database going away for one server while
/// the others keep it: cut a connection at the one moment a client cannot recover from by itself (after PostgreSQL has
/// received a COMMIT, before its answer reaches the client, so the client does not know the commit landed), or refuse
/// every connection for a while, as a database that is down.
/// </summary>
public sealed class PostgresProxy : IAsyncDisposable
{
    // The simple-query message Npgsql commits with: 'Q', its length (4 + 7), "COMMIT" and the string's terminator.
    private static readonly byte[] Commit = [(byte)'Q', 0, 0, 0, 11, .. Encoding.ASCII.GetBytes("COMMIT"), 0];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly (string Host, int Port) _upstream;
    private readonly List<Pair> _pairs = [];
    private int _armed;
    private volatile bool _refusing;
    private long _lastCommitTicks = DateTime.UtcNow.Ticks;
    private TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresProxy(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _upstream = (builder.Host!, builder.Port);
        _listener.Start();
        _ = Accept();
    }

    /// <summary>The connection string of <paramref name="connectionString"/>, through the proxy.</summary>
    public string Through(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
    }.ConnectionString;

    /// <summary>The next COMMIT any connection sends is let through and its connection cut before the answer.</summary>
    public Task CutAfterNextCommit()
    {
        _cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _armed, 1);
        return _cut.Task;
    }

    /// <summary>Waits until no connection has sent a COMMIT for <paramref name="quiet"/>: the server's background work is done.</summary>
    public async Task WaitForNoCommits(TimeSpan quiet)
    {
        while (DateTime.UtcNow - new DateTime(Interlocked.Read(ref _lastCommitTicks), DateTimeKind.Utc) < quiet)
            await Task.Delay(50);
    }

    /// <summary>Closes every connection and refuses new ones until <see cref="Resume"/>: the database is down.</summary>
    public void Refuse()
    {
        _refusing = true;
        lock (_pairs)
        {
            foreach (var pair in _pairs) pair.Close();
            _pairs.Clear();
        }
    }

    public void Resume() => _refusing = false;

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            if (_refusing)
            {
                client.Close();
                continue;
            }
            var server = new TcpClient();
            await server.ConnectAsync(_upstream.Host, _upstream.Port);
            var pair = new Pair(client, server);
            lock (_pairs) _pairs.Add(pair);
            _ = Pump(pair, fromClient: true);
            _ = Pump(pair, fromClient: false);
        }
    }

    private async Task Pump(Pair pair, bool fromClient)
    {
        var (from, to) = fromClient ? (pair.Client.GetStream(), pair.Server.GetStream()) : (pair.Server.GetStream(), pair.Client.GetStream());
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                if (fromClient && buffer.AsSpan(0, read).IndexOf(Commit) >= 0)
                {
                    Interlocked.Exchange(ref _lastCommitTicks, DateTime.UtcNow.Ticks);
                    if (Interlocked.Exchange(ref _armed, 0) == 1) pair.CutBeforeAnswer = true;
                }
                else if (!fromClient && pair.CutBeforeAnswer)
                {
                    _cut.TrySetResult();
                    break;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException) { }
        pair.Close();
        lock (_pairs) _pairs.Remove(pair);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }

    private sealed class Pair(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public volatile bool CutBeforeAnswer;

        public void Close()
        {
            Client.Close();
            Server.Close();
        }
    }
}
