using System.Net.WebSockets;
using System.Text;
using Chat.Contracts;
using MessagePack;

namespace Chat.Bench;

/// <summary>
/// A receive-only group member for the load generator: a raw WebSocket speaking SignalR's MessagePack hub protocol
/// (handshake, pings, length-prefixed invocations), reading only the sequence of each <c>MessageReceived</c>. It sees
/// the same bytes a SignalR client would at the same moment, but skips the client's dispatch and typed deserialising,
/// so the load generator's 1,000 members cost a fraction of a core instead of most of one (docs/benchmarks.md).
/// </summary>
internal sealed class LeanReceiver(Uri server, string accessToken, Action<long> received) : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    // [6]: a ping, length-prefixed; the server closes a connection it has not heard from for 30 s.
    private static readonly byte[] Ping = [2, 0x91, 6];

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask, _pinging = Task.CompletedTask;

    public async Task Start(CancellationToken ct)
    {
        var builder = new UriBuilder(new Uri(server, HubNames.Path)) { Scheme = server.Scheme == "https" ? "wss" : "ws" };
        builder.Query = "access_token=" + Uri.EscapeDataString(accessToken);
        await _socket.ConnectAsync(builder.Uri, ct);
        await _socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, ct);
        var buffer = new byte[256];
        var handshake = await _socket.ReceiveAsync(buffer, ct);
        var answer = Encoding.UTF8.GetString(buffer, 0, handshake.Count).TrimEnd((char)RecordSeparator);
        if (answer != "{}") throw new InvalidOperationException($"Handshake refused: {answer}");
        _receiving = Receive();
        _pinging = PingEvery();
    }

    private async Task Receive()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
                filled += result.Count;
                var consumed = ParseMessages(buffer.AsMemory(0, filled));
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    /// <summary>Reads every whole message in the span; returns how many bytes they took.</summary>
    private int ParseMessages(ReadOnlyMemory<byte> data)
    {
        var offset = 0;
        while (TryReadLength(data.Span[offset..], out var length, out var prefix) && data.Length - offset - prefix >= length)
        {
            Read(data.Slice(offset + prefix, length));
            offset += prefix + length;
        }
        return offset;
    }

    // SignalR's binary framing: the payload length as a little-endian base-128 varint of at most five bytes.
    private static bool TryReadLength(ReadOnlySpan<byte> data, out int length, out int prefix)
    {
        length = 0;
        for (prefix = 0; prefix < Math.Min(5, data.Length); prefix++)
        {
            length |= (data[prefix] & 0x7f) << (7 * prefix);
            if ((data[prefix] & 0x80) == 0) { prefix++; return true; }
        }
        return false;
    }

    // An invocation is [1, headers, invocationId, target, arguments, ...]; MessageReceived's argument is a map.
    private void Read(ReadOnlyMemory<byte> message)
    {
        var reader = new MessagePackReader(message);
        var fields = reader.ReadArrayHeader();
        if (fields < 5 || reader.ReadInt32() != 1) return;
        reader.Skip(); // headers
        reader.Skip(); // invocation id
        if (reader.ReadString() != HubNames.MessageReceived) return;
        if (reader.ReadArrayHeader() < 1) return;
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            var key = reader.ReadString();
            if (string.Equals(key, nameof(MessageReceived.Sequence), StringComparison.OrdinalIgnoreCase))
            {
                received(reader.ReadInt64());
                return;
            }
            reader.Skip();
        }
    }

    private async Task PingEvery()
    {
        try
        {
            while (true)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await _socket.SendAsync(Ping, WebSocketMessageType.Binary, true, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
        catch (WebSocketException) { }
        await Task.WhenAll(_receiving, _pinging);
        _socket.Dispose();
        _stop.Dispose();
    }
}
