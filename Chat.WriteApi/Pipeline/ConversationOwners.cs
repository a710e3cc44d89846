using Chat.WriteApi.Sessions;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// Which node writes a conversation when several run: rendezvous hashing of the conversation id over the live nodes,
/// so every node picks the same owner and a node joining or leaving moves only its own share. One writer per
/// conversation keeps group commits from colliding on stream versions (docs/adr/0006-multi-node.md); while nodes
/// disagree for a heartbeat, the expected-version check and a retry still keep every stream consistent.
/// </summary>
public sealed class ConversationOwners(SessionMap sessions)
{
    public string Self => sessions.NodeId;

    public string OwnerOf(Guid conversationId) => Pick(sessions.LiveNodes, conversationId);

    /// <summary>The owner among these nodes: the same answer on every node that sees the same live set.</summary>
    public static string Pick(IReadOnlyList<string> nodes, Guid conversationId)
    {
        var owner = nodes[0];
        var best = Weight(owner, conversationId);
        for (var i = 1; i < nodes.Count; i++)
        {
            var weight = Weight(nodes[i], conversationId);
            if (weight > best || (weight == best && string.CompareOrdinal(nodes[i], owner) < 0)) (owner, best) = (nodes[i], weight);
        }
        return owner;
    }

    // FNV-1a over the node id and the conversation id, then a SplitMix64 finaliser: stable across processes.
    private static ulong Weight(string nodeId, Guid conversationId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in nodeId) hash = (hash ^ c) * 1099511628211UL;
        Span<byte> bytes = stackalloc byte[16];
        conversationId.TryWriteBytes(bytes);
        foreach (var b in bytes) hash = (hash ^ b) * 1099511628211UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
