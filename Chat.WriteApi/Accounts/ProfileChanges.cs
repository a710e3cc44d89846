using Chat.WriteApi.Presence;
using Chat.WriteApi.Realtime;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// A new display name or profile photo reaches those who show it at once: <see cref="ProfileChanged"/> to the user's
/// contacts (whoever shares a conversation with them, unless a block stands between them, as presence goes) and to
/// their own devices. Sent after the commit and not stored: a profile read is the truth.
/// </summary>
public static class ProfileChanges
{
    public static async Task Announce(IQuerySession session, Pushes pushes, ProfileChanged profile)
    {
        var audience = await Contacts.Of(session, profile.UserId);
        audience.Add(profile.UserId);
        pushes.Send(new Fanout(new Push(HubNames.ProfileChanged, profile), audience));
    }
}
