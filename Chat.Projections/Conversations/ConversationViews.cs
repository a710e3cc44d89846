using Chat.Contracts;
using Chat.Domain.Conversations;

namespace Chat.Projections.Conversations;

/// <summary>How a conversation appears on the wire, one mapping for the read API and the hub's pushes.</summary>
public static class ConversationViews
{
    public static string WireName(this ConversationKind kind) => kind.ToString().ToLowerInvariant();

    public static MemberView[] MemberViews(this Conversation conversation) =>
        [.. conversation.Members.Select(m => new MemberView(m.UserId, m.Role.ToString().ToLowerInvariant()))];
}
