using Chat.WriteApi.Pipeline;

namespace Chat.WriteApi.Groups;

/// <summary>
/// Membership, title, admin and send-policy changes. They go through the conversation writer like sends, so each takes
/// effect at an exact sequence: a removed member gets nothing after it, a new member sees from it on.
/// </summary>
public static class ManageGroup
{
    public static void MapManageGroup(this IEndpointRouteBuilder api)
    {
        api.MapPost("/groups/{conversationId:guid}/members", async (
            Guid conversationId, AddMembersRequest request, HttpContext http, IQuerySession session, GroupSettings settings,
            CommandRouter writer, TimeProvider clock) =>
        {
            var userIds = request.UserIds ?? [];
            await Users.EnsureExist(session, userIds);
            await GroupAddPrivacy.EnsureAllowed(session, http.User.UserId(), userIds, http.RequestAborted);
            return await writer.SubmitThenNoContent(
                new AddMembers(conversationId, http.User.UserId(), userIds, settings.MaxMembers, clock.GetUtcNow()), http.RequestAborted);
        });

        api.MapDelete("/groups/{conversationId:guid}/members/{userId:guid}", (
            Guid conversationId, Guid userId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new RemoveMember(conversationId, http.User.UserId(), userId, clock.GetUtcNow()), http.RequestAborted));

        api.MapPut("/groups/{conversationId:guid}", (
            Guid conversationId, RenameGroupRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new RenameGroup(conversationId, http.User.UserId(), request.Title, clock.GetUtcNow()), http.RequestAborted));

        api.MapPut("/groups/{conversationId:guid}/description", (
            Guid conversationId, GroupDescriptionRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetGroupDescription(conversationId, http.User.UserId(), request.Description, clock.GetUtcNow()),
                http.RequestAborted));

        api.MapPut("/groups/{conversationId:guid}/send-policy", (
            Guid conversationId, SendPolicyRequest request, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetSendPolicy(conversationId, http.User.UserId(),
                request.OnlyAdmins ?? throw DomainError.Invalid("onlyAdmins", "onlyAdmins must be true or false."), clock.GetUtcNow()), http.RequestAborted));

        api.MapPut("/groups/{conversationId:guid}/admins/{userId:guid}", (
            Guid conversationId, Guid userId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetAdmin(conversationId, http.User.UserId(), userId, true, clock.GetUtcNow()), http.RequestAborted));

        api.MapDelete("/groups/{conversationId:guid}/admins/{userId:guid}", (
            Guid conversationId, Guid userId, HttpContext http, CommandRouter writer, TimeProvider clock) =>
            writer.SubmitThenNoContent(new SetAdmin(conversationId, http.User.UserId(), userId, false, clock.GetUtcNow()), http.RequestAborted));
    }
}
