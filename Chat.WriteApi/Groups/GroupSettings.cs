using Microsoft.Extensions.Configuration;

namespace Chat.WriteApi.Groups;

/// <summary>Chat:Groups:MaxMembers, default 1,024.</summary>
public sealed record GroupSettings(int MaxMembers)
{
    public static GroupSettings From(IConfiguration configuration) =>
        new(configuration.GetValue("Chat:Groups:MaxMembers", Conversation.DefaultMaxGroupMembers));
}
