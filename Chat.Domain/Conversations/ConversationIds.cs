using System.Security.Cryptography;
using System.Text;

namespace Chat.Domain.Conversations;

/// <summary>Deterministic ids, so that the same facts always name the same stream or message.</summary>
public static class ConversationIds
{
    /// <summary>The same id whichever of the two users opens the conversation.</summary>
    public static Guid Direct(Guid a, Guid b)
    {
        var (low, high) = a.CompareTo(b) <= 0 ? (a, b) : (b, a);
        return NameBased($"direct:{low:N}:{high:N}");
    }

    /// <summary>A retry of the same (sender, clientMessageId) names the same message; this is the idempotency key.</summary>
    public static Guid Message(Guid senderId, string clientMessageId) => NameBased($"message:{senderId:N}:{clientMessageId}");

    // RFC 4122 version-5 style: SHA-1 of the name, with version and variant bits set.
    private static Guid NameBased(string name)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
