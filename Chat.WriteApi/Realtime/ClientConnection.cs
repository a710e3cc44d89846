using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Chat.WriteApi.Realtime;

/// <summary>An outgoing event: the hub method name the client listens to, and its payload.</summary>
public sealed record Push(string Method, object Payload);

/// <summary>
/// One connected client. Pushes queue in its outbox in commit order; a client too slow to drain
/// <see cref="OutboxCapacity"/> pushes is disconnected and catches up from the relay when it reconnects.
/// </summary>
public sealed class ClientConnection(HubCallerContext context, Guid userId, string deviceId, DateTimeOffset connectedAt)
{
    public const int OutboxCapacity = 10_000;

    public string ConnectionId => context.ConnectionId;
    public Guid UserId { get; } = userId;
    public string DeviceId { get; } = deviceId;
    public DateTimeOffset ConnectedAt { get; } = connectedAt;
    public ChannelReader<Push> Outbox => _outbox.Reader;

    private readonly Channel<Push> _outbox = Channel.CreateBounded<Push>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public void Enqueue(Push push)
    {
        if (!_outbox.Writer.TryWrite(push)) context.Abort();
    }

    public void Close() => _outbox.Writer.TryComplete();

    public void Abort() => context.Abort();
}
