namespace Chat.WriteApi.Realtime;

/// <summary>One push to the connected devices of some users, except one device (the one the event came from).</summary>
public sealed record Fanout(Push Push, IReadOnlyCollection<Guid> UserIds, Guid? ExceptUser = null, string? ExceptDevice = null)
{
    public bool Skips(Guid userId, string deviceId) => ExceptUser == userId && ExceptDevice == deviceId;
}

/// <summary>
/// Sends pushes wherever the users' connections are: this node's at once, other nodes' over the bus when several
/// nodes run (<see cref="RemoteDelivery"/>, registered only then).
/// </summary>
public sealed class Pushes(ConnectionRegistry local, RemoteDelivery? remote = null)
{
    /// <summary>Whether pushes also come from other nodes, and so can be lost when one dies.</summary>
    public bool SpansNodes => remote is not null;

    public void Send(IReadOnlyList<Fanout> fanouts)
    {
        if (fanouts.Count == 0) return;
        foreach (var fanout in fanouts) local.Push(fanout);
        remote?.Forward(fanouts);
    }

    public void Send(Fanout fanout) => Send([fanout]);
}
