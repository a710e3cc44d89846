namespace Chat.Domain.Conversations;

/// <summary>What deciding an edit or a deletion needs to know of the message; a deleted message has no body.</summary>
public sealed record MessageFacts(Guid MessageId, Guid ConversationId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string? Body);

public sealed partial record Conversation
{
    /// <summary>How long after sending a message its sender may still edit it (as WhatsApp); deleting has no limit.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    // Repeating an edit or a deletion already made decides nothing: a client's retry is safe.
    private static object[] Revise(RevisionCommand command, Conversation state, Member member, MessageFacts? target)
    {
        if (target is null || target.ConversationId != state.Id || target.Sequence <= member.JoinedAfter)
            throw DomainError.NotFound("The message");
        var sequence = state.LastSequence + 1;
        switch (command)
        {
            case EditMessage c:
                if (target.SenderId != c.UserId) throw new DomainError(ErrorCodes.Forbidden, "Only its sender can edit a message.");
                if (target.Body is null) throw DomainError.Gone("The message was deleted.");
                if (c.Now - target.SentAt > EditWindow)
                    throw new DomainError(ErrorCodes.Conflict, $"A message can be edited for {EditWindow.TotalMinutes} minutes after it was sent.");
                ValidateBody(c.Body);
                return c.Body == target.Body ? [] : [new MessageEdited(state.Id, target.MessageId, c.UserId, sequence, c.Body, c.Now, c.DeviceId)];
            case DeleteMessage c:
                if (target.SenderId != c.UserId && !(state.Kind == ConversationKind.Group && member.Role == MemberRole.Admin))
                    throw new DomainError(ErrorCodes.Forbidden, "Only its sender, or an admin of the group, can delete a message for everyone.");
                return target.Body is null ? [] : [new MessageDeleted(state.Id, target.MessageId, c.UserId, sequence, c.Now, c.DeviceId)];
            default:
                throw new InvalidOperationException($"Unknown revision {command.GetType().Name}");
        }
    }
}
