using System.Buffers.Text;
using System.Security.Cryptography;

namespace Chat.Domain.Conversations;

/// <summary>
/// A group's invite code: its conversation id and 16 random bytes, base64url (43 characters). The id in it sends a
/// join straight to the group's stream with no look-up; the random part is what makes it a secret, and only the code
/// the group holds now is accepted (docs/adr/0021-group-invite-links.md).
/// </summary>
public static class InviteLinks
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>When a link made now stops working: never without <paramref name="expiresInSeconds"/>, else 1 s to 30 days on.</summary>
    public static DateTimeOffset? ExpiryOf(long? expiresInSeconds, DateTimeOffset now) => expiresInSeconds switch
    {
        null => null,
        >= 1 and var s when s <= MaxLifetime.TotalSeconds => now.AddSeconds(s),
        _ => throw DomainError.Invalid("expiresInSeconds", $"expiresInSeconds must be 1 to {MaxLifetime.TotalSeconds:0} (30 days), or left out for a link that does not expire."),
    };

    /// <summary>
    /// Whether <paramref name="code"/> is the group's current link and has not expired: the one rule for a preview and a
    /// join. 404 for a code the group does not hold (reset, revoked, never), 410 for its own link past its time.
    /// </summary>
    public static void Check(string? current, DateTimeOffset? expiresAt, string code, DateTimeOffset now)
    {
        if (current is null || current != code) throw NotFound();
        if (expiresAt <= now) throw DomainError.Gone("The invite link expired; ask a group admin for a new one.");
    }

    public static string New(Guid conversationId)
    {
        Span<byte> bytes = stackalloc byte[32];
        conversationId.TryWriteBytes(bytes[..16]);
        RandomNumberGenerator.Fill(bytes[16..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The group a code names; 404 for anything that is no code.</summary>
    public static Guid ConversationOf(string? code)
    {
        Span<byte> bytes = stackalloc byte[33];
        if (code is not { Length: 43 } || !Base64Url.IsValid(code) || !Base64Url.TryDecodeFromChars(code, bytes, out var written) || written != 32)
            throw NotFound();
        return new Guid(bytes[..16]);
    }

    public static DomainError NotFound() => DomainError.NotFound("The invite link (it may have been reset or revoked)");
}

public sealed partial record Conversation
{
    // Decided before the membership check: the one joining is not a member yet, and one already in is done.
    private static object[] Join(JoinByInvite c, Conversation state)
    {
        if (state.Kind != ConversationKind.Group) throw InviteLinks.NotFound();
        InviteLinks.Check(state.InviteCode, state.InviteExpiresAt, c.Code, c.Now);
        if (state.IsMember(c.UserId)) return [];
        if (state.Members.Count + 1 > c.MaxMembers)
            throw DomainError.Invalid("code", $"The group has {state.Members.Count} members, the most it may have.");
        return [new MembersAdded(state.Id, [c.UserId], c.UserId, state.LastSequence, c.Now)];
    }
}
