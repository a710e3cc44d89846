namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    public const int MaxDescriptionLength = 512;

    // A group's description and photo are its admins' to set, as its title is (docs/adr/0029-group-description-and-photo.md);
    // setting what is already set records nothing.
    private static object[] Describe(SetGroupDescription c, Conversation state)
    {
        var description = string.IsNullOrWhiteSpace(c.Description) ? null : c.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
            throw DomainError.Invalid("description", $"description must be at most {MaxDescriptionLength} characters.");
        StoredText.Check("description", description);
        return description == state.Description ? [] : [new GroupDescriptionSet(state.Id, description, c.UserId, c.Now)];
    }
}
