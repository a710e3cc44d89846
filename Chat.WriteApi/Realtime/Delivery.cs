using Chat.Domain.Users;
using Chat.Projections.Conversations;

namespace Chat.WriteApi.Realtime;

/// <summary>A committed event with the conversation's state before and after it.</summary>
public sealed record Committed(Conversation? Before, Conversation State, object Event);

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
        foreach (var (before, state, @event) in committed)
        {
            switch (@event)
            {
                case MessageSent m:
                    // Every device gets every message, the sender's other devices included.
                    fanouts.Add(new Fanout(new Push(HubNames.MessageReceived, ToPayload(m)), state.MemberIds, m.SenderId, Devices.Of(m.SenderDeviceId)));
                    break;
                case MessagesDelivered d when state.FindMember(d.UserId)?.DeliveredUpTo == d.UpToSequence:
                    // Only when the member's watermark moved: a second device catching up is no news to the sender.
                    fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated,
                        new ReceiptUpdated(d.ConversationId, d.UserId, ReceiptKind.Delivered, d.UpToSequence, d.At)),
                        state.ReceiptAudience(d.UserId, before?.FindMember(d.UserId)?.DeliveredUpTo ?? 0)));
                    break;
                case MessagesRead r:
                    // Read is per user: the reader's other devices hear it too and clear their unread count.
                    fanouts.Add(new Fanout(new Push(HubNames.ReceiptUpdated,
                        new ReceiptUpdated(r.ConversationId, r.UserId, ReceiptKind.Read, r.UpToSequence, r.At)),
                        [r.UserId, .. state.ReceiptAudience(r.UserId, before?.FindMember(r.UserId)?.ReadUpTo ?? 0)], r.UserId, Devices.Of(r.DeviceId)));
                    break;
                case GroupCreated or MembersAdded or MemberRemoved or GroupRenamed or AdminPromoted or AdminDemoted:
                    var update = new Push(HubNames.ConversationUpdated, ToDetails(state));
                    fanouts.Add(new Fanout(update, @event is MemberRemoved removed ? [.. state.MemberIds, removed.UserId] : state.MemberIds));
                    break;
            }
        }
        pushes.Send(fanouts);
    }

    public static MessageReceived ToPayload(MessageSent m) =>
        new(m.MessageId, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body);

    public static ConversationUpdated ToDetails(Conversation state) => new(state.Id, state.Kind.WireName(), state.Title, state.MemberViews());
}
