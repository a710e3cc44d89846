using Chat.Domain.Users;

namespace Chat.Domain.Conversations;

public enum ConversationKind { Direct, Group }

public enum MemberRole { Member, Admin }

/// <summary>
/// A member and how far they have got; they see messages after <see cref="JoinedAfter"/> only. <see cref="DeliveredUpTo"/>
/// is the highest of the per-device watermarks in <see cref="Devices"/>; <see cref="ReadUpTo"/> is per user.
/// <see cref="SharedReadUpTo"/>: how far the others may see this member has read, when that is less (reads with read
/// receipts off); null when it is all of <see cref="ReadUpTo"/>.
/// </summary>
public sealed record Member(
    Guid UserId, long DeliveredUpTo, long ReadUpTo, MemberRole Role = MemberRole.Member, long JoinedAfter = 0,
    IReadOnlyDictionary<string, long>? Devices = null, long? SharedReadUpTo = null)
{
    /// <summary>The read watermark as the other members see it (the blue ticks).</summary>
    public long ReadUpToShown => SharedReadUpTo ?? ReadUpTo;

    public Member Read(long upTo, bool isPrivate)
    {
        var (readUpTo, shared) = ReadMark.After(ReadUpTo, SharedReadUpTo, upTo, isPrivate);
        return this with { ReadUpTo = readUpTo, SharedReadUpTo = shared };
    }

    public long DeliveredUpToOn(string deviceId) => Devices is not null && Devices.TryGetValue(deviceId, out var upTo) ? upTo : 0;

    public Member DeliveredOn(string? device, long upTo) => this with
    {
        DeliveredUpTo = Math.Max(DeliveredUpTo, upTo),
        Devices = upTo <= DeliveredUpToOn(Users.Devices.Of(device))
            ? Devices
            : new Dictionary<string, long>(Devices ?? new Dictionary<string, long>()) { [Users.Devices.Of(device)] = upTo },
    };
}

public static class ReadMark
{
    /// <summary>
    /// A read watermark and what of it the others see, after a read up to <paramref name="upTo"/>: a private read leaves
    /// what the others see where it was, a shared one shows everything read. Watermarks never move backwards.
    /// </summary>
    public static (long ReadUpTo, long? SharedReadUpTo) After(long readUpTo, long? sharedReadUpTo, long upTo, bool isPrivate) =>
        upTo <= readUpTo ? (readUpTo, sharedReadUpTo) : (upTo, isPrivate ? sharedReadUpTo ?? readUpTo : null);
}

/// <summary>
/// Write model of one conversation stream: who may write and how far each member has got. <see cref="LastSentBy"/> is
/// each current member's latest sequence, for those who sent: a receipt in a group is news only to those with a message
/// it newly covers. <see cref="BlockedBy"/>: in a direct conversation, the members who blocked the other.
/// <see cref="DisappearAfterSeconds"/>: the disappearing timer of messages sent now, if on. <see cref="InviteCode"/>: a
/// group's invite link, if it has one, and <see cref="InviteExpiresAt"/> when it stops working. <see cref="OnlyAdminsSend"/>: a group where only admins send.
/// <see cref="Description"/> and <see cref="PhotoId"/>: a group's description and photo, if set.
/// </summary>
public sealed partial record Conversation(
    Guid Id, ConversationKind Kind, IReadOnlyList<Member> Members, long LastSequence, string? Title = null,
    IReadOnlyDictionary<Guid, long>? LastSentBy = null, IReadOnlyList<Guid>? BlockedBy = null, long? DisappearAfterSeconds = null,
    string? InviteCode = null, bool OnlyAdminsSend = false, DateTimeOffset? InviteExpiresAt = null, string? Description = null,
    Guid? PhotoId = null)
{
    public const int MaxBodyLength = 65_536;
    public const int MaxClientMessageIdLength = 128;

    /// <summary>Stored with the document so queries can find a user's conversations (and contacts).</summary>
    public Guid[] MemberIds => [.. Members.Select(m => m.UserId)];

    public bool IsMember(Guid userId) => Members.Any(m => m.UserId == userId);

    public Member? FindMember(Guid userId) => Members.FirstOrDefault(m => m.UserId == userId);

    /// <summary>
    /// Who a member's receipt moving from <paramref name="previousUpTo"/> tells something: in a direct conversation the
    /// other member; in a group the members with a message after the previous watermark, so a large group's receipts
    /// reach the few who wrote, not every member.
    /// </summary>
    public Guid[] ReceiptAudience(Guid reader, long previousUpTo) => Kind == ConversationKind.Direct
        ? [.. MemberIds.Where(id => id != reader)]
        : LastSentBy is null ? [] : [.. LastSentBy.Where(s => s.Key != reader && s.Value > previousUpTo).Select(s => s.Key)];

    public static Conversation? Evolve(Conversation? state, object @event) => (state, @event) switch
    {
        (null, DirectConversationOpened e) => new Conversation(
            e.ConversationId, ConversationKind.Direct, [.. e.MemberIds.Select(id => new Member(id, 0, 0))], 0),
        (not null, MessageSent e) => state with
        {
            LastSequence = e.Sequence,
            LastSentBy = new Dictionary<Guid, long>(state.LastSentBy ?? new Dictionary<Guid, long>()) { [e.SenderId] = e.Sequence },
        },
        // An edit, a deletion or a reaction takes a sequence; it is not a message, so it leaves the receipt audience as it is.
        (not null, MessageEdited e) => state with { LastSequence = e.Sequence },
        (not null, MessageDeleted e) => state with { LastSequence = e.Sequence },
        (not null, ReactionChanged e) => state with { LastSequence = e.Sequence },
        (not null, MessagesDelivered e) => state.UpdateMember(e.UserId, m => m.DeliveredOn(e.DeviceId, e.UpToSequence)),
        (not null, MessagesRead e) => state.UpdateMember(e.UserId, m => m.DeliveredOn(e.DeviceId, e.UpToSequence).Read(e.UpToSequence, e.Private)),
        (not null, DisappearingTimerSet e) => state with { DisappearAfterSeconds = e.AfterSeconds },
        (not null, UserBlocked e) => state with { BlockedBy = [.. state.BlockedBy ?? [], e.BlockedBy] },
        (not null, UserUnblocked e) => state with { BlockedBy = [.. (state.BlockedBy ?? []).Where(id => id != e.UnblockedBy)] },
        _ => EvolveGroup(state, @event),
    };

    /// <param name="target">For an edit, a deletion or a reaction: the message it is about, if the conversation has it.</param>
    public static object[] Decide(ConversationCommand command, Conversation state, MessageFacts? target = null)
    {
        if (command is ExpireMessage expire) return Expire(expire, state, target);
        if (command is RemoveDeletedAccount departed) return Depart(departed, state);
        if (command is JoinByInvite join) return Join(join, state);
        var member = state.FindMember(command.UserId) ?? throw DomainError.NotMember();
        return command switch
        {
            SendMessage c => [Send(c, state)],
            AckDelivered c => AdvanceDelivered(c, state, member),
            MarkRead c => AdvanceRead(c, state, member),
            GroupCommand c => DecideGroup(c, state, member),
            RevisionCommand c => Revise(c, state, member, target),
            SetBlocked c => Block(c, state),
            SetDisappearingTimer c => SetTimer(c, state, member),
            _ => throw new InvalidOperationException($"Unknown command {command.GetType().Name}"),
        };
    }

    private static MessageSent Send(SendMessage c, Conversation state)
    {
        state.EnsureWritable(c.UserId);
        state.EnsureMaySend(c.UserId);
        ValidateBody(c.Body);
        ValidateClientMessageId(c.ClientMessageId);
        return new MessageSent(state.Id, c.MessageId, c.UserId, c.ClientMessageId, state.LastSequence + 1, c.Body, c.Now, c.DeviceId,
            state.DisappearAfterSeconds is { } after ? c.Now.AddSeconds(after) : null);
    }

    private static void ValidateBody(string? body)
    {
        if (string.IsNullOrEmpty(body))
            throw DomainError.Invalid("body", "The message body must not be empty.");
        if (body.Length > MaxBodyLength)
            throw DomainError.Invalid("body", $"The message body must be at most {MaxBodyLength} characters.");
        StoredText.Check("body", body);
    }

    public static void ValidateClientMessageId(string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId))
            throw DomainError.Invalid("clientMessageId", "clientMessageId is required.");
        if (clientMessageId.Length > MaxClientMessageIdLength)
            throw DomainError.Invalid("clientMessageId", $"clientMessageId must be at most {MaxClientMessageIdLength} characters.");
        StoredText.Check("clientMessageId", clientMessageId);
    }

    // Watermarks never move backwards: an ack at or below the device's mark is a no-op, not an error.
    private static object[] AdvanceDelivered(AckDelivered c, Conversation state, Member member)
    {
        ValidateUpTo(c.UpToSequence, state);
        return c.UpToSequence <= member.DeliveredUpToOn(c.DeviceId)
            ? []
            : [new MessagesDelivered(state.Id, c.UserId, c.UpToSequence, c.Now, c.DeviceId)];
    }

    // Read is per user; a read below the user's mark still tells this device's delivery watermark what it holds.
    private static object[] AdvanceRead(MarkRead c, Conversation state, Member member) => c.UpToSequence <= member.ReadUpTo
        ? AdvanceDelivered(new AckDelivered(c.ConversationId, c.UserId, c.UpToSequence, c.Now, c.DeviceId), state, member)
        : ValidatedRead(c, state);

    // Read receipts off hide reads in direct conversations only: in a group they are always shared (as WhatsApp).
    private static object[] ValidatedRead(MarkRead c, Conversation state)
    {
        ValidateUpTo(c.UpToSequence, state);
        return [new MessagesRead(state.Id, c.UserId, c.UpToSequence, c.Now, c.DeviceId, c.Private && state.Kind == ConversationKind.Direct)];
    }

    private static void ValidateUpTo(long upToSequence, Conversation state)
    {
        if (upToSequence < 0 || upToSequence > state.LastSequence)
            throw DomainError.Invalid("upToSequence", $"upToSequence must be between 0 and the last sequence ({state.LastSequence}).");
    }

    private Conversation UpdateMember(Guid userId, Func<Member, Member> update) =>
        this with { Members = [.. Members.Select(m => m.UserId == userId ? update(m) : m)] };
}
