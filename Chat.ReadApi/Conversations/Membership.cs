using Chat.Projections.Conversations;

namespace Chat.ReadApi.Conversations;

public static class Membership
{
    /// <summary>The conversation and the caller's membership in it: 404 when unknown, 403 when not a member.</summary>
    public static async Task<(Conversation Conversation, Member Member)> Load(IQuerySession session, Guid conversationId, HttpContext http) =>
        Of(await ConversationState.Load(session, conversationId, http.RequestAborted), http);

    /// <summary>The same, of a conversation read with other documents in one batch (<see cref="ConversationState.Load(Marten.Services.BatchQuerying.IBatchedQuery, Guid)"/>).</summary>
    public static (Conversation Conversation, Member Member) Of(Conversation? conversation, HttpContext http)
    {
        if (conversation is null) throw DomainError.NotFound("The conversation");
        var member = conversation.FindMember(http.User.UserId()) ?? throw DomainError.NotMember();
        return (conversation, member);
    }
}
