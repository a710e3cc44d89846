using Chat.Projections.Conversations;

namespace Chat.WriteApi.Realtime;

/// <summary>
/// Turns committed conversation events into pushes to the members' connected clients. It runs right after
/// the commit, so delivery never waits on a polling interval; a push lost to a crash is not lost to the
/// user, because the relay replays everything past the acknowledged watermark (docs/adr/0003-delivery.md).
/// </summary>
public sealed class Delivery(ConnectionRegistry connections)
{
    public void Publish(IReadOnlyList<(Conversation State, object Event)> committed)
    {
        foreach (var (state, @event) in committed)
        {
            switch (@event)
            {
                case MessageSent m:
                    // Every device gets every message, the sender's other devices included.
                    ToAll(state, new Push(HubNames.MessageReceived, ToPayload(m)), m.SenderId, m.SenderDeviceId);
                    break;
                case MessagesDelivered d when state.FindMember(d.UserId)?.DeliveredUpTo == d.UpToSequence:
                    // Only when the member's watermark moved: a second device catching up is no news to the sender.
                    ToOthers(state, d.UserId, new Push(HubNames.ReceiptUpdated,
                        new ReceiptUpdated(d.ConversationId, d.UserId, ReceiptKind.Delivered, d.UpToSequence, d.At)));
                    break;
                case MessagesRead r:
                    // Read is per user: the reader's other devices hear it too and clear their unread count.
                    ToAll(state, new Push(HubNames.ReceiptUpdated,
                        new ReceiptUpdated(r.ConversationId, r.UserId, ReceiptKind.Read, r.UpToSequence, r.At)), r.UserId, r.DeviceId);
                    break;
                case GroupCreated or MembersAdded or MemberRemoved or GroupRenamed or AdminPromoted or AdminDemoted:
                    var update = new Push(HubNames.ConversationUpdated, ToDetails(state));
                    foreach (var member in state.Members) connections.Push(member.UserId, update);
                    if (@event is MemberRemoved removed) connections.Push(removed.UserId, update);
                    break;
            }
        }
    }

    public static MessageReceived ToPayload(MessageSent m) =>
        new(m.MessageId, m.ClientMessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body);

    public static ConversationUpdated ToDetails(Conversation state) => new(state.Id, state.Kind.WireName(), state.Title, state.MemberViews());

    private void ToAll(Conversation state, Push push, Guid actor, string? actorDevice)
    {
        foreach (var member in state.Members)
            connections.Push(member.UserId, push, member.UserId == actor ? actorDevice ?? Domain.Users.Devices.DefaultId : null);
    }

    private void ToOthers(Conversation state, Guid actor, Push push)
    {
        foreach (var member in state.Members)
            if (member.UserId != actor) connections.Push(member.UserId, push);
    }
}
