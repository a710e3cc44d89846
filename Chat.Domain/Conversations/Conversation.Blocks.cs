namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    /// <summary>
    /// While either member of a direct conversation blocks the other (<paramref name="blockedBy"/>), nothing new is
    /// written to it by either: no message, edit, reaction or typing. Deleting one's own message, receipts and reading
    /// history go on (docs/adr/0017-blocking.md).
    /// </summary>
    public static void EnsureNotBlocked(IReadOnlyList<Guid>? blockedBy, Guid userId)
    {
        if (blockedBy is not { Count: > 0 }) return;
        throw new DomainError(ErrorCodes.Blocked, blockedBy.Contains(userId)
            ? "You blocked this user; unblock them to write in this conversation."
            : "This user is not taking messages from you.");
    }

    /// <summary>Nothing new is written where the other member is blocked, or gone with their deleted account.</summary>
    private void EnsureWritable(Guid userId)
    {
        EnsureNotBlocked(BlockedBy, userId);
        EnsureOtherMemberHere();
    }

    /// <summary>In a direct conversation, the member who is not <paramref name="userId"/>.</summary>
    public Guid OtherMember(Guid userId) => Members.First(m => m.UserId != userId).UserId;

    // Blocking twice, or lifting a block that is not there, decides nothing: a client's retry is safe.
    private static object[] Block(SetBlocked c, Conversation state)
    {
        if (state.Kind != ConversationKind.Direct)
            throw DomainError.Invalid("conversationId", "Only a direct conversation can be blocked; leave the group instead.");
        state.EnsureOtherMemberHere();
        var other = state.OtherMember(c.UserId);
        var blocking = state.BlockedBy?.Contains(c.UserId) ?? false;
        if (c.Blocked == blocking) return [];
        return c.Blocked ? [new UserBlocked(state.Id, c.UserId, other, c.Now)] : [new UserUnblocked(state.Id, c.UserId, other, c.Now)];
    }
}
