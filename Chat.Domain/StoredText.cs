namespace Chat.Domain;

/// <summary>
/// PostgreSQL's text and jsonb cannot hold U+0000: a field carrying it would fail at the commit, where it shares a
/// group commit with other people's commands. It is refused here with the field's name instead.
/// </summary>
public static class StoredText
{
    public static void Check(string field, string? value)
    {
        if (value is not null && value.Contains('\0'))
            throw DomainError.Invalid(field, $"{field} must not contain the NUL character (U+0000).");
    }
}
