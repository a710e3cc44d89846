using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Chat.WriteApi.Accounts;

/// <summary>Deleting one's account (docs/adr/0019-account-deletion.md).</summary>
public static class DeleteAccountEndpoint
{
    /// <summary>
    /// DELETE /api/me {password}: 204. The user leaves every conversation first, so a failure part way leaves an account
    /// that can try again; then the account is deleted (its tokens, sign-in and username go at once), conversations
    /// joined meanwhile are left too, its profile photo is deleted and its devices' connections end. A wrong password
    /// counts as a failed sign-in.
    /// </summary>
    public static void MapDeleteAccount(this IEndpointRouteBuilder api) =>
        api.MapDelete("/me", async ([FromBody] DeleteAccountRequest request, HttpContext http, IQuerySession session, IDocumentStore store,
            IPasswordHasher<UserAccount> hasher, SignInThrottle throttle, CommandRouter writer, ConnectionRegistry connections,
            IPublishEndpoint bus, AvatarFiles avatars, TimeProvider clock) =>
        {
            var me = http.User.UserId();
            var account = await session.LoadAsync<UserAccount>(me, http.RequestAborted) ?? throw DomainError.NotFound("The user");
            await throttle.Check(session, account.NormalizedUsername, http.RequestAborted);
            var command = new DeleteAccount(me, request.Password, clock.GetUtcNow());
            try
            {
                Profile.DeleteAccount(command, password => // before anything changes
                    hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed);
            }
            catch (DomainError e) when (e.Field == "password")
            {
                await throttle.Failed(store, account.NormalizedUsername, http.RequestAborted);
                throw;
            }
            await LeaveConversations(session, writer, command, http.RequestAborted);
            // Decided again on the account as it is now: the password checked above must still be its password (a hash
            // compare; the slow hash already ran once).
            await AccountStream.Change(store, me,
                current => (true, (object?)Profile.DeleteAccount(command, _ => current.PasswordHash == account.PasswordHash)), http.RequestAborted);
            // Deleted: what follows finishes even if the caller has gone.
            await LeaveConversations(session, writer, command, CancellationToken.None);
            avatars.DeleteAll(me);
            foreach (var device in account.LinkedDevices) await connections.DisconnectEverywhere(bus, me, device.DeviceId, CancellationToken.None);
            return Results.NoContent();
        });

    private static async Task LeaveConversations(IQuerySession session, CommandRouter writer, DeleteAccount command, CancellationToken ct)
    {
        var conversationIds = await session.Query<ConversationRoster>().Where(r => r.MemberIds.Contains(command.UserId))
            .Select(r => r.Id).ToListAsync(ct);
        await Task.WhenAll(conversationIds.Select(id => writer.Submit(new RemoveDeletedAccount(id, command.UserId, command.Now), ct)));
    }
}
