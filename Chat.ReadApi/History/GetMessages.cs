using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.History;
using Chat.Projections.Summaries;
using Chat.ReadApi.Conversations;

namespace Chat.ReadApi.History;

public static class GetMessages
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>
    /// GET /api/conversations/{id}/messages?before=&amp;after=&amp;limit=: a page in ascending sequence order.
    /// With after: the first messages past it; otherwise the last messages before "before" (or the newest).
    /// </summary>
    public static void MapGetMessages(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations/{conversationId:guid}/messages", async (
            Guid conversationId, long? before, long? after, int? limit, HttpContext http, IQuerySession session) =>
        {
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit) throw DomainError.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
            // The conversation and what the caller cleared or deleted of it, in one round trip.
            var batch = session.CreateBatchQuery();
            var (state, list) = (ConversationState.Load(batch, conversationId), batch.Load<UserChatList>(http.User.UserId()));
            await batch.Execute(http.RequestAborted);
            var (conversation, member) = Membership.Of(await state, http);
            var layout = (await list)?.Layout ?? ChatListLayout.Empty;
            // A member who joined later sees nothing from before, nor one who cleared the chat or deleted a message for
            // themselves what they cleared or deleted.
            var from = Math.Max(member.JoinedAfter, layout.ClearedUpTo(conversationId));
            var hidden = layout.HiddenIn(conversationId);
            var query = session.Query<ChatMessage>().Where(m => m.ConversationId == conversationId && m.Sequence > from);
            if (hidden.Length > 0) query = query.Where(m => !hidden.Contains(m.Sequence));
            if (after is { } a) query = query.Where(m => m.Sequence > a);
            if (before is { } b) query = query.Where(m => m.Sequence < b);
            var page = after is not null
                ? await query.OrderBy(m => m.Sequence).Take(take).ToListAsync(http.RequestAborted)
                : (await query.OrderByDescending(m => m.Sequence).Take(take).ToListAsync(http.RequestAborted)).Reverse().ToList();

            return new MessagePage(page.Select(m => new MessageView(
                m.Id, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.DeletedAt is null ? m.Body : null,
                StatusOf(m, conversation), m.EditedAt, m.DeletedAt, m.DeletedBy, m.Reactions ?? [], m.ExpiresAt)).ToList());
        });

    /// <summary>Read when every other member has read it, delivered when every other member's clients have it.</summary>
    public static string StatusOf(ChatMessage message, Conversation conversation)
    {
        var recipients = Recipients(message, conversation).ToList();
        if (recipients.All(o => o.ReadUpToShown >= message.Sequence)) return MessageStatus.Read;
        if (recipients.All(o => o.DeliveredUpTo >= message.Sequence)) return MessageStatus.Delivered;
        return MessageStatus.Sent;
    }

    /// <summary>The current members a message was for: everyone but its sender who had joined before it.</summary>
    public static IEnumerable<Member> Recipients(ChatMessage message, Conversation conversation) =>
        conversation.Members.Where(m => m.UserId != message.SenderId && m.JoinedAfter < message.Sequence);
}
