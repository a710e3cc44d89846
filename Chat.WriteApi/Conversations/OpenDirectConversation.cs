
namespace Chat.WriteApi.Conversations;

public static class OpenDirectConversation
{
    /// <summary>POST /api/conversations/direct: the pair's one stream, opened on first use; opening it again is a no-op.</summary>
    public static void MapOpenDirectConversation(this IEndpointRouteBuilder api) =>
        api.MapPost("/conversations/direct", async (
            OpenDirectConversationRequest request, HttpContext http, IDocumentSession session, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var other = request.UserId ?? throw DomainError.Invalid("userId", "userId is required.");
            if (other == me) throw DomainError.Invalid("userId", "A direct conversation needs another user.");
            if (await session.LoadAsync<UserAccount>(other) is null) throw DomainError.NotFound("The user");

            var id = ConversationIds.Direct(me, other);
            if (await session.Events.FetchStreamStateAsync(id) is null)
            {
                session.Events.StartStream<Conversation>(id, new DirectConversationOpened(id, [me, other], me, clock.GetUtcNow()));
                try { await session.SaveChangesAsync(); }
                catch (Exception e) when (StoreErrors.IsUniqueViolation(e)) { } // the other side opened it at the same moment
            }
            return Results.Ok(new ConversationIdResponse(id));
        });
}
