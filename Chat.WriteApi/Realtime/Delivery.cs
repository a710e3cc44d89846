using Chat.Domain.Users;
using Chat.Projections.Conversations;
using Chat.Projections.History;

namespace Chat.WriteApi.Realtime;

/// <summary>A committed event with the conversation's state before and after it; an edit, a deletion or a reaction with its message.</summary>
public sealed record Committed(Conversation? Before, Conversation State, object Event)
{
    public MessageRevised? Revision { get; init; }
}

/// <summary>
/// Turns committed conversation events into pushes to the members' connected clients. It runs right after
/// the commit, so delivery never waits on a polling interval; a push lost to a crash is not lost to the
/// user, because the relay replays everything past the acknowledged watermark (docs/adr/0003-delivery.md).
/// </summary>
public sealed class Delivery(Pushes pushes)
{
    public void Publish(IReadOnlyList<Committed> committed)
    {
        var fanouts = new List<Fanout>(committed.Count);
        foreach (var item in committed)
        {
            var (before, state, @event) = item;
            switch (@event)
            {
                case MessageSent m:
                    // Every device gets every message, the sender's other devices included.
                    fanouts.Add(new Fanout(new Push(HubNames.MessageReceived, ToPayload(m)), state.MemberIds, m.SenderId, Devices.Of(m.SenderDeviceId)));
                    break;
                case MessageEdited e when item.Revision is { } edit:
                    fanouts.Add(Revised(edit, state, e.EditorId, e.DeviceId));
                    break;
                case MessageDeleted e when item.Revision is { } deletion:
                    fanouts.Add(Revised(deletion, state, e.DeletedBy, e.DeviceId));
                    break;
                case ReactionChanged e when item.Revision is { } reaction:
                    fanouts.Add(Revised(reaction, state, e.UserId, e.DeviceId));
                    break;
                case MessagesDelivered d when state.FindMember(d.UserId)?.DeliveredUpTo == d.UpToSequence:
                    // Only when the member's watermark moved: a second device catching up is no news to the sender.
                    fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated,
                        new ReceiptUpdated(d.ConversationId, d.UserId, ReceiptKind.Delivered, d.UpToSequence, d.At)),
                        state.ReceiptAudience(d.UserId, before?.FindMember(d.UserId)?.DeliveredUpTo ?? 0)));
                    break;
                case MessagesRead r:
                    // Read is per user: the reader's other devices hear it too and clear their unread count. A private read
                    // (read receipts off) tells the others only what it implies: delivered, if that moved.
                    var read = new ReceiptUpdated(r.ConversationId, r.UserId, ReceiptKind.Read, r.UpToSequence, r.At);
                    if (!r.Private)
                        fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated, read),
                            [r.UserId, .. state.ReceiptAudience(r.UserId, before?.FindMember(r.UserId)?.ReadUpTo ?? 0)], r.UserId, Devices.Of(r.DeviceId)));
                    else
                    {
                        fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated, read), [r.UserId], r.UserId, Devices.Of(r.DeviceId)));
                        if (state.FindMember(r.UserId)?.DeliveredUpTo > (before?.FindMember(r.UserId)?.DeliveredUpTo ?? 0))
                            fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated, read with { Kind = ReceiptKind.Delivered }),
                                state.ReceiptAudience(r.UserId, before?.FindMember(r.UserId)?.DeliveredUpTo ?? 0)));
                    }
                    break;
                case GroupCreated or MembersAdded or MemberRemoved or GroupRenamed or AdminPromoted or AdminDemoted or DisappearingTimerSet
                    or GroupSendPolicySet or GroupDescriptionSet or GroupPhotoChanged:
                    var update = new Push(HubNames.ConversationUpdated, ToDetails(state));
                    fanouts.Add(new Fanout(update, @event is MemberRemoved removed ? [.. state.MemberIds, removed.UserId] : state.MemberIds));
                    break;
                case UserBlocked b:
                    // Only to the one who blocked (their other devices): the other learns of it when they next write.
                    fanouts.Add(new Fanout(new Push(HubNames.ConversationUpdated, ToDetails(state) with { Blocked = true }), [b.BlockedBy]));
                    break;
                case UserUnblocked u:
                    fanouts.Add(new Fanout(new Push(HubNames.ConversationUpdated, ToDetails(state) with { Blocked = false }), [u.UnblockedBy]));
                    break;
            }
        }
        pushes.Send(fanouts);
    }

    public static MessageReceived ToPayload(MessageSent m) =>
        new(m.MessageId, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body, m.ExpiresAt);

    // Not to a member who joined after the message: they never had it. Not echoed to the device it came from.
    private static Fanout Revised(MessageRevised revision, Conversation state, Guid by, string? deviceId) => new(
        new Push(HubNames.MessageRevised, revision), [.. state.Members.Where(m => m.JoinedAfter < revision.Sequence).Select(m => m.UserId)],
        by, Devices.Of(deviceId));

    /// <summary>A message as an edit, a deletion or a reaction left it; one never changed has its own sequence as its revision.</summary>
    public static MessageRevised ToRevised(ChatMessage m) => new(m.Id, m.ConversationId, m.SenderId, m.Sequence,
        m.RevisionSequence ?? m.Sequence, m.DeletedAt is null ? m.Body : null, m.EditedAt, m.DeletedAt, m.DeletedBy, m.Reactions ?? []);

    public static ConversationUpdated ToDetails(Conversation state) =>
        new(state.Id, state.Kind.WireName(), state.Title, state.MemberViews(), DisappearAfterSeconds: state.DisappearAfterSeconds,
            OnlyAdminsSend: state.OnlyAdminsSend, Description: state.Description, PhotoId: state.PhotoId);
}
