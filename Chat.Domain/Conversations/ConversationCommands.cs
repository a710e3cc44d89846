using Chat.Domain.Users;

namespace Chat.Domain.Conversations;

public abstract record ConversationCommand(Guid ConversationId, Guid UserId);

public sealed record SendMessage(
    Guid ConversationId, Guid UserId, Guid MessageId, string ClientMessageId, string Body, DateTimeOffset Now, string DeviceId = Devices.DefaultId)
    : ConversationCommand(ConversationId, UserId);

public sealed record AckDelivered(Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset Now, string DeviceId = Devices.DefaultId)
    : ConversationCommand(ConversationId, UserId);

/// <param name="Private">The reader has read receipts off: in a direct conversation the other member is not told (ADR 26).</param>
public sealed record MarkRead(
    Guid ConversationId, Guid UserId, long UpToSequence, DateTimeOffset Now, string DeviceId = Devices.DefaultId, bool Private = false)
    : ConversationCommand(ConversationId, UserId);

/// <summary>Commands that change a message already sent: its sender's edit, a deletion for everyone, a member's reaction.</summary>
public abstract record RevisionCommand(Guid ConversationId, Guid UserId, Guid MessageId, DateTimeOffset Now, string DeviceId)
    : ConversationCommand(ConversationId, UserId);

public sealed record EditMessage(Guid ConversationId, Guid UserId, Guid MessageId, string Body, DateTimeOffset Now, string DeviceId = Devices.DefaultId)
    : RevisionCommand(ConversationId, UserId, MessageId, Now, DeviceId);

public sealed record DeleteMessage(Guid ConversationId, Guid UserId, Guid MessageId, DateTimeOffset Now, string DeviceId = Devices.DefaultId)
    : RevisionCommand(ConversationId, UserId, MessageId, Now, DeviceId);

/// <summary>The member's reaction to a message (one per member), or none when <see cref="Emoji"/> is null.</summary>
public sealed record ReactToMessage(Guid ConversationId, Guid UserId, Guid MessageId, string? Emoji, DateTimeOffset Now, string DeviceId = Devices.DefaultId)
    : RevisionCommand(ConversationId, UserId, MessageId, Now, DeviceId);

/// <summary>The server deletes a message whose disappearing timer ran out; no member gives it.</summary>
public sealed record ExpireMessage(Guid ConversationId, Guid MessageId, DateTimeOffset Now)
    : RevisionCommand(ConversationId, Guid.Empty, MessageId, Now, "");

/// <summary>Messages sent from now on disappear <see cref="AfterSeconds"/> after sending; null turns it off.</summary>
public sealed record SetDisappearingTimer(Guid ConversationId, Guid UserId, long? AfterSeconds, DateTimeOffset Now)
    : ConversationCommand(ConversationId, UserId);

/// <summary>The member blocks the other member of a direct conversation, or lifts their block.</summary>
public sealed record SetBlocked(Guid ConversationId, Guid UserId, bool Blocked, DateTimeOffset Now) : ConversationCommand(ConversationId, UserId);

/// <summary>The user deleted their account: they leave the conversation; a direct one is closed to the other member.</summary>
public sealed record RemoveDeletedAccount(Guid ConversationId, Guid UserId, DateTimeOffset Now) : ConversationCommand(ConversationId, UserId);

public sealed record CreateGroup(Guid ConversationId, Guid UserId, string? Title, Guid[] MemberIds, int MaxMembers, DateTimeOffset Now);

/// <summary>Commands that change a group; only admins may give them, except a member removing themselves.</summary>
public abstract record GroupCommand(Guid ConversationId, Guid UserId, DateTimeOffset Now) : ConversationCommand(ConversationId, UserId);

public sealed record AddMembers(Guid ConversationId, Guid UserId, Guid[] UserIds, int MaxMembers, DateTimeOffset Now)
    : GroupCommand(ConversationId, UserId, Now);

public sealed record RemoveMember(Guid ConversationId, Guid UserId, Guid MemberId, DateTimeOffset Now) : GroupCommand(ConversationId, UserId, Now);

public sealed record RenameGroup(Guid ConversationId, Guid UserId, string? Title, DateTimeOffset Now) : GroupCommand(ConversationId, UserId, Now);

/// <summary>What the group is about, shown with it; null or blank removes it.</summary>
public sealed record SetGroupDescription(Guid ConversationId, Guid UserId, string? Description, DateTimeOffset Now)
    : GroupCommand(ConversationId, UserId, Now);

/// <summary>The group's photo, whose files are already stored under <see cref="PhotoId"/>; null removes it.</summary>
public sealed record SetGroupPhoto(Guid ConversationId, Guid UserId, Guid? PhotoId, DateTimeOffset Now) : GroupCommand(ConversationId, UserId, Now);

/// <summary>A new invite link for the group (<see cref="Code"/> from <see cref="InviteLinks.New"/>), replacing any earlier one.</summary>
public sealed record ResetInviteLink(Guid ConversationId, Guid UserId, string Code, DateTimeOffset Now, DateTimeOffset? ExpiresAt = null)
    : GroupCommand(ConversationId, UserId, Now);

/// <summary>Only admins send messages in the group (an announcement group), or every member.</summary>
public sealed record SetSendPolicy(Guid ConversationId, Guid UserId, bool OnlyAdmins, DateTimeOffset Now) : GroupCommand(ConversationId, UserId, Now);

public sealed record RevokeInviteLink(Guid ConversationId, Guid UserId, DateTimeOffset Now) : GroupCommand(ConversationId, UserId, Now);

/// <summary>The user joins the group whose invite link they hold.</summary>
public sealed record JoinByInvite(Guid ConversationId, Guid UserId, string Code, int MaxMembers, DateTimeOffset Now)
    : ConversationCommand(ConversationId, UserId);

public sealed record SetAdmin(Guid ConversationId, Guid UserId, Guid MemberId, bool Admin, DateTimeOffset Now)
    : GroupCommand(ConversationId, UserId, Now);
