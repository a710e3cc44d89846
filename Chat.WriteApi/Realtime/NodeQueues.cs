using MassTransit;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// Sending to another node's temporary queue (pushes to <c>chat-node-&lt;id&gt;</c>, commands to
/// <c>chat-commands-&lt;id&gt;</c>): one way to address it and one bound on how long a send may take, so a node that
/// just died cannot hold up the sender.
/// </summary>
public static class NodeQueues
{
    public static Uri Address(string queueName) => new($"exchange:{queueName}?durable=false&autodelete=true");

    public static async Task SendWithin(this IBus bus, Uri address, object message, TimeSpan timeout, CancellationToken ct)
    {
        var endpoint = await bus.GetSendEndpoint(address);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        await endpoint.Send(message, message.GetType(), bounded.Token);
    }
}
