namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    // An announcement group: only its admins send and edit messages; every member still reads, reacts, deletes their own
    // earlier messages and sends receipts (docs/adr/0025-admins-only-groups.md).
    private void EnsureMaySend(Guid userId)
    {
        if (OnlyAdminsSend && FindMember(userId)?.Role != MemberRole.Admin)
            throw new DomainError(ErrorCodes.Forbidden, "Only the group's admins can send messages in it.");
    }

    private static object[] SetSendPolicy(SetSendPolicy c, Conversation state) =>
        c.OnlyAdmins == state.OnlyAdminsSend ? [] : [new GroupSendPolicySet(state.Id, c.OnlyAdmins, c.UserId, c.Now)];
}
