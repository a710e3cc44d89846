namespace Chat.Contracts.Integration;

/// <summary>
/// The integration stream's consumer inside the server, for the in-memory transport only: that transport keeps what it
/// holds in memory, so a stop or a crash would drop a page the daemon had recorded as published. The publisher hands
/// each page to this consumer itself and returns to the daemon once it has committed, so a page cut short is
/// published again after a restart (docs/adr/0010-integration-stream-in-memory.md).
/// </summary>
public interface IInProcessConsumer
{
    Task Consume(IReadOnlyList<ChatEventV1> events, CancellationToken cancellationToken);
}
