namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    /// <summary>The longest disappearing timer, as WhatsApp's: 90 days.</summary>
    public const long MaxDisappearAfterSeconds = 90L * 24 * 60 * 60;

    // In a direct conversation either member sets the timer; in a group, as its other settings, an admin.
    private static object[] SetTimer(SetDisappearingTimer c, Conversation state, Member member)
    {
        if (state.Kind == ConversationKind.Group && member.Role != MemberRole.Admin)
            throw new DomainError(ErrorCodes.Forbidden, "Only a group admin can set its disappearing messages.");
        if (c.AfterSeconds is < 1 or > MaxDisappearAfterSeconds)
            throw DomainError.Invalid("afterSeconds", $"afterSeconds must be 1 to {MaxDisappearAfterSeconds} (90 days), or null to turn it off.");
        return c.AfterSeconds == state.DisappearAfterSeconds ? [] : [new DisappearingTimerSet(state.Id, c.AfterSeconds, c.UserId, c.Now)];
    }

    // A message whose time has come is deleted for everyone, by nobody; one already deleted, or not yet due, is left.
    private static object[] Expire(ExpireMessage c, Conversation state, MessageFacts? target)
    {
        if (target is null || target.ConversationId != state.Id || target.Body is null || target.ExpiresAt is not { } expiresAt || expiresAt > c.Now)
            return [];
        return [new MessageDeleted(state.Id, target.MessageId, Guid.Empty, state.LastSequence + 1, c.Now)];
    }
}
