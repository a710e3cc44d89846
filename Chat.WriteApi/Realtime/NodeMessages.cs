using System.Text.Json;

namespace Chat.WriteApi.Realtime;

// Node-to-node messages over the bus when several nodes run (docs/adr/0006-multi-node.md). Internal: not part of
// the public protocol or of the analytics stream.

/// <summary>Pushes for connections held by the node the message is sent to, in commit order.</summary>
public sealed record NodePushes(string FromNode, RemotePush[] Pushes);

/// <summary>A <see cref="Fanout"/> on the wire: the payload as JSON, typed again from its hub method on arrival.</summary>
public sealed record RemotePush(string Method, string Payload, Guid[] UserIds, Guid? ExceptUser, string? ExceptDevice)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RemotePush From(Fanout fanout, Guid[] userIds) => new(fanout.Push.Method,
        JsonSerializer.Serialize(fanout.Push.Payload, fanout.Push.Payload.GetType(), Json), userIds, fanout.ExceptUser, fanout.ExceptDevice);

    public Fanout ToFanout() => new(new Push(Method, JsonSerializer.Deserialize(Payload, PayloadType(Method), Json)!), UserIds, ExceptUser, ExceptDevice);

    // Every event the hub sends is named as its payload's type in Chat.Contracts (HubNames), so a new one needs no entry here.
    private static Type PayloadType(string method) =>
        typeof(MessageReceived).Assembly.GetType($"{typeof(MessageReceived).Namespace}.{method}", throwOnError: false)
        ?? throw new InvalidOperationException($"No payload type for hub method {method}");
}

/// <summary>Every node's connections replay what their devices have not acknowledged (a broker outage may have lost pushes).</summary>
public sealed record CatchUpRequested(string FromNode, string Reason);

/// <summary>A removed device's connections end on every node.</summary>
public sealed record DeviceDisconnectRequested(Guid UserId, string DeviceId);
