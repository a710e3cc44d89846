using Chat.Domain.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Chat.Projections.Summaries;

/// <summary>The user's pinned, archived, cleared and deleted conversations and the messages they deleted for themselves (<see cref="ChatListLayout"/>), which the conversation list and history apply.</summary>
public sealed record UserChatList(Guid Id, ChatListLayout Layout);

/// <summary>Inline: a change decides on it, and the list read right after must show it.</summary>
public sealed class UserChatListProjection : SingleStreamProjection<UserChatList, Guid>
{
    public UserChatListProjection()
    {
        IncludeType<ConversationPinned>();
        IncludeType<ConversationUnpinned>();
        IncludeType<ConversationArchived>();
        IncludeType<ConversationUnarchived>();
        IncludeType<ChatCleared>();
        IncludeType<MessageHidden>();
        IncludeType<ChatDeleted>();
        IncludeType<AccountDeleted>();
    }

    public override UserChatList? Evolve(UserChatList? snapshot, Guid id, IEvent e) => e.Data is AccountDeleted
        ? null
        : new UserChatList(id, (snapshot?.Layout ?? ChatListLayout.Empty).Evolve(e.Data));
}
