using Chat.Contracts.Integration;

namespace Chat.Contracts;

// The HTTP payloads of docs/protocol.md; JSON is camelCase and ids are strings (GUIDs).

public sealed record RegisterUserRequest(string? Username, string? Password, string? DisplayName);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
public sealed record ProfileRequest(string? DisplayName);
public sealed record DeleteAccountRequest(string? Password);

/// <summary>A user the caller blocks, and the direct conversation the block stands in.</summary>
public sealed record BlockedUser(Guid UserId, Guid ConversationId);

/// <summary>An operator suspends an account; the user is shown <see cref="Reason"/> when signing in.</summary>
/// <summary><see cref="Until"/>: when the suspension ends by itself; null for until an operator reinstates the account.</summary>
public sealed record SuspensionRequest(string? Reason, DateTimeOffset? Until = null);

/// <summary>A member reports another: <see cref="Reason"/> "spam", "harassment", "impersonation" or "other"; up to five of their messages as the reporter's app shows them.</summary>
public sealed record ReportRequest(Guid? UserId, string? Reason, string? Note = null, IReadOnlyList<QuotedText>? Messages = null);
public sealed record QuotedText(Guid MessageId, string? Text);
public sealed record ReportResponse(Guid ReportId);
public sealed record ReportedMessageView(Guid MessageId, long Sequence, DateTimeOffset SentAt, string Text);
public sealed record ReportView(
    Guid ReportId, Guid ReporterId, Guid ReportedUserId, Guid ConversationId, string Reason, string? Note, IReadOnlyList<ReportedMessageView> Messages,
    DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt, Guid? ClosedBy, string? Outcome);
public sealed record CloseReportRequest(string? Outcome);

/// <summary>An account as operators see it: <see cref="SuspendedFor"/> the reason of a suspension in force (until <see cref="SuspendedUntil"/>, if it ends by itself).</summary>
public sealed record OperatorAccountView(
    Guid UserId, string Username, string DisplayName, string? SuspendedFor, DateTimeOffset? SuspendedUntil, IReadOnlyList<OperatorDeviceView> Devices,
    int OpenReports, int ClosedReports);
public sealed record OperatorDeviceView(string DeviceId, string Name, DateTimeOffset LinkedAt);
/// <summary><see cref="AvatarId"/>: the profile photo's id (GET /api/users/{userId}/avatar), null when there is none.</summary>
public sealed record UserResponse(Guid UserId, string Username, string DisplayName, Guid? AvatarId = null);

/// <summary>Without a deviceId the token is for the device "default"; a new deviceId links a device (at most 5 by default).</summary>
public sealed record TokenRequest(string? Username, string? Password, string? DeviceId = null, string? DeviceName = null);
public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, Guid UserId, string DeviceId);

public sealed record DeviceView(string DeviceId, string DeviceName, DateTimeOffset LinkedAt, bool Current);

public sealed record OpenDirectConversationRequest(Guid? UserId);
public sealed record ConversationIdResponse(Guid ConversationId);

public sealed record PostMessageRequest(string? ClientMessageId, string? Body);

public sealed record PostReceiptRequest(string? Kind, long? UpToSequence);

/// <summary>The body is null once the message is deleted for everyone.</summary>
public sealed record LastMessageView(
    Guid MessageId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string? Body, DateTimeOffset? EditedAt = null, DateTimeOffset? DeletedAt = null);

/// <summary>
/// <see cref="Muted"/>: the caller muted it (no push notifications) until <see cref="MutedUntil"/>, or until unmuted when null.
/// <see cref="PhotoId"/>: a group's photo (<c>GET /api/groups/{id}/photo</c>), if it has one.
/// </summary>
public sealed record ConversationListItem(
    Guid ConversationId, string Kind, IReadOnlyList<Guid> MemberIds, LastMessageView? LastMessage, long UnreadCount, long LastSequence,
    string? Title = null, bool Muted = false, DateTimeOffset? MutedUntil = null, bool Pinned = false, bool Archived = false, Guid? PhotoId = null);

public sealed record CreateGroupRequest(string? Title, Guid[]? MemberIds);
public sealed record AddMembersRequest(Guid[]? UserIds);
public sealed record RenameGroupRequest(string? Title);
public sealed record GroupDescriptionRequest(string? Description);

public sealed record MemberView(Guid UserId, string Role);
/// <summary>
/// <see cref="Blocked"/>: the caller blocked the other member of this direct conversation. <see cref="DisappearAfterSeconds"/>:
/// messages sent now disappear this long after sending. <see cref="InviteCode"/>: the group's invite link, for its admins only.
/// <see cref="OnlyAdminsSend"/>: only the group's admins send messages in it. <see cref="InviteExpiresAt"/>: when the
/// invite link stops working (null: it does not expire), for admins only. <see cref="Description"/>, <see cref="PhotoId"/>: a group's.
/// </summary>
public sealed record ConversationDetails(
    Guid ConversationId, string Kind, string? Title, IReadOnlyList<MemberView> Members, bool Blocked = false, long? DisappearAfterSeconds = null,
    string? InviteCode = null, bool OnlyAdminsSend = false, DateTimeOffset? InviteExpiresAt = null, string? Description = null, Guid? PhotoId = null);

/// <summary>Whether only the group's admins send messages in it.</summary>
public sealed record SendPolicyRequest(bool? OnlyAdmins);

/// <summary>A group's invite link: <c>POST /api/invites/{inviteCode}</c> joins it.</summary>
public sealed record InviteLinkResponse(string InviteCode, DateTimeOffset? ExpiresAt = null);

/// <summary>A new invite link that stops working after <see cref="ExpiresInSeconds"/> (1 s to 30 days); without it, it does not expire.</summary>
public sealed record InviteLinkRequest(long? ExpiresInSeconds);

/// <summary>What an invite link leads to, shown before joining.</summary>
/// <summary>What an invite link leads to: a group's title, size, description and photo (<c>GET /api/invites/{code}/photo</c>).</summary>
public sealed record InvitePreview(
    Guid ConversationId, string? Title, int MemberCount, DateTimeOffset? ExpiresAt = null, string? Description = null, Guid? PhotoId = null);

public sealed record DisappearingTimerRequest(long? AfterSeconds);

public sealed record MemberReceipt(Guid UserId, bool Delivered, bool Read);
public sealed record MessageReceipts(Guid MessageId, long Sequence, string Status, IReadOnlyList<MemberReceipt> Members);

/// <summary>A message as it stands: the latest body of an edited one; a null body once deleted for everyone.</summary>
public sealed record MessageView(
    Guid MessageId, string ClientMessageId, Guid ConversationId, Guid SenderId, long Sequence, DateTimeOffset SentAt, string? Body, string Status,
    DateTimeOffset? EditedAt = null, DateTimeOffset? DeletedAt = null, Guid? DeletedBy = null, IReadOnlyDictionary<Guid, string>? Reactions = null,
    DateTimeOffset? ExpiresAt = null);

public sealed record EditMessageBody(string? Body);
public sealed record ReactionBody(string? Emoji);

public sealed record MessagePage(IReadOnlyList<MessageView> Messages);

public static class MessageStatus
{
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
}

public static class ReceiptKind
{
    public const string Delivered = "delivered";
    public const string Read = "read";
}

public sealed record PresenceView(Guid UserId, bool? Online, DateTimeOffset? LastSeenAt);
/// <summary>
/// Any of them: <see cref="LastSeen"/> "everyone", "contacts" or "nobody"; <see cref="ReadReceipts"/> whether reads are
/// shown; <see cref="Groups"/> who may add the user to groups, "everyone", "contacts" or "nobody".
/// </summary>
public sealed record PrivacyRequest(string? LastSeen, bool? ReadReceipts = null, string? Groups = null);
public sealed record PrivacySettings(string LastSeen, bool ReadReceipts, string Groups);

public sealed record PreKeyView(int KeyId, string PublicKey);
public sealed record SignedPreKeyView(int KeyId, string PublicKey, string Signature);
public sealed record PublishKeysRequest(string? IdentityKey, SignedPreKeyView? SignedPreKey, PreKeyView[]? OneTimePreKeys);
/// <summary>A device's keys for a new session: <see cref="OneTimePreKey"/> is null once the device has none left.</summary>
public sealed record DeviceKeyBundle(string DeviceId, string IdentityKey, SignedPreKeyView SignedPreKey, PreKeyView? OneTimePreKey);
public sealed record KeyBundles(Guid UserId, IReadOnlyList<DeviceKeyBundle> Devices);
public sealed record MyKeysView(string DeviceId, bool Published, int OneTimePreKeys);

/// <summary>A stored attachment; <see cref="Sha256"/> (hex) is the server's hash of the bytes it keeps.</summary>
public sealed record AttachmentResponse(Guid AttachmentId, Guid ConversationId, long Size, string ContentType, string Sha256, DateTimeOffset UploadedAt);

/// <summary>A page of the audit feed: stored events in sequence order, and the sequence to ask after for the next page.</summary>
public sealed record AuditPage(IReadOnlyList<ChatEventV1> Events, long Next);
