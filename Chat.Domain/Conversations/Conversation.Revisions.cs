using System.Globalization;

namespace Chat.Domain.Conversations;

/// <summary>
/// What deciding an edit, a deletion or a reaction needs to know of the message: a deleted one has no body;
/// <see cref="Reactions"/> is each member's emoji.
/// </summary>
public sealed record MessageFacts(
    Guid MessageId, Guid ConversationId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string? Body,
    IReadOnlyDictionary<Guid, string>? Reactions = null, DateTimeOffset? ExpiresAt = null);

public sealed partial record Conversation
{
    /// <summary>How long after sending a message its sender may still edit it (as WhatsApp); deleting has no limit.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    // Repeating an edit, a deletion or a reaction already made decides nothing: a client's retry is safe.
    private static object[] Revise(RevisionCommand command, Conversation state, Member member, MessageFacts? target)
    {
        if (target is null || target.ConversationId != state.Id || target.Sequence <= member.JoinedAfter)
            throw DomainError.NotFound("The message");
        var sequence = state.LastSequence + 1;
        switch (command)
        {
            case EditMessage c:
                state.EnsureWritable(c.UserId);
                state.EnsureMaySend(c.UserId);
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
            case ReactToMessage c:
                state.EnsureWritable(c.UserId);
                if (target.Body is null) throw DomainError.Gone("The message was deleted.");
                if (c.Emoji is not null) ValidateEmoji(c.Emoji);
                return target.Reactions?.GetValueOrDefault(c.UserId) == c.Emoji
                    ? []
                    : [new ReactionChanged(state.Id, target.MessageId, c.UserId, sequence, c.Emoji, c.Now, c.DeviceId)];
            default:
                throw new InvalidOperationException($"Unknown revision {command.GetType().Name}");
        }
    }

    /// <summary>One emoji (one character as a reader sees it, however many code points): a reaction, not a message.</summary>
    private static void ValidateEmoji(string emoji)
    {
        if (emoji.Length is 0 or > 32 || new StringInfo(emoji).LengthInTextElements != 1 || char.IsLetterOrDigit(emoji, 0) || emoji.Any(char.IsControl))
            throw DomainError.Invalid("emoji", "emoji must be a single emoji, or null to take the reaction back.");
    }
}
