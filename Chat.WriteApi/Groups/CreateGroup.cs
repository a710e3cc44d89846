using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Groups;

public static class CreateGroupEndpoint
{
    /// <summary>POST /api/groups: a new group stream with the caller as its first admin.</summary>
    public static void MapCreateGroup(this IEndpointRouteBuilder api) =>
        api.MapPost("/groups", async (
            CreateGroupRequest request, HttpContext http, IDocumentSession session, GroupSettings settings, Delivery delivery, TimeProvider clock) =>
        {
            var memberIds = request.MemberIds ?? [];
            await Users.EnsureExist(session, memberIds);
            await GroupAddPrivacy.EnsureAllowed(session, http.User.UserId(), memberIds, http.RequestAborted);
            var created = Conversation.StartGroup(new CreateGroup(Guid.NewGuid(), http.User.UserId(), request.Title, memberIds,
                settings.MaxMembers, clock.GetUtcNow()));
            session.Events.StartStream<Conversation>(created.ConversationId, created);
            await session.SaveChangesAsync(http.RequestAborted);
            delivery.Publish([new Committed(null, Conversation.Evolve(null, created)!, created)]);
            return Results.Created($"/api/conversations/{created.ConversationId}", new ConversationIdResponse(created.ConversationId));
        });
}

public static class Users
{
    /// <summary>404 unless every id names a registered user.</summary>
    public static async Task EnsureExist(IQuerySession session, Guid[] userIds)
    {
        var distinct = userIds.Distinct().ToArray();
        var found = await session.LoadManyAsync<UserAccount>(distinct);
        if (found.Count != distinct.Length) throw DomainError.NotFound("A user");
    }
}
