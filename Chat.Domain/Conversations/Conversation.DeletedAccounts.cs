namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    // The deleted account leaves as a member leaving would (a group's admin role passes on if it was the last admin); in
    // a direct conversation the other member stays, with the history, and can write no more. Decided before the
    // membership check: gone already is done (docs/adr/0019-account-deletion.md).
    private static object[] Depart(RemoveDeletedAccount c, Conversation state) =>
        !state.IsMember(c.UserId) ? []
        : state.Kind == ConversationKind.Group ? Remove(new RemoveMember(c.ConversationId, c.UserId, c.UserId, c.Now), state)
        : [new MemberRemoved(state.Id, c.UserId, c.UserId, state.LastSequence, c.Now)];

    private void EnsureOtherMemberHere()
    {
        if (Kind == ConversationKind.Direct && Members.Count < 2) throw DomainError.Gone("The other member deleted their account.");
    }
}
