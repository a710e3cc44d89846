using Chat.Contracts;
using Chat.WriteApi.Realtime;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>A node hands pushes for another node's connections over the bus (docs/adr/0006-multi-node.md): every kind must cross.</summary>
public class RemotePushSpecs
{
    private static readonly Guid Conversation = Guid.NewGuid(), User = Guid.NewGuid(), Message = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, object> Pushes => new()
    {
        { HubNames.MessageReceived, new MessageReceived(Message, "c1", Conversation, User, 3, Now, "hello", Now.AddDays(1)) },
        { HubNames.MessageRevised, new MessageRevised(Message, Conversation, User, 3, 4, "edited", Now, null, null, new Dictionary<Guid, string> { [User] = "👍" }) },
        { HubNames.ReceiptUpdated, new ReceiptUpdated(Conversation, User, "read", 3, Now) },
        { HubNames.ConversationUpdated, new ConversationUpdated(Conversation, "group", "title", [new MemberView(User, "admin")], true, 60, true) },
        { HubNames.TypingChanged, new TypingChanged(Conversation, User, true) },
        { HubNames.PresenceChanged, new PresenceChanged(User, true, Now) },
        { HubNames.ChatListChanged, new ChatListChanged(Conversation, true, false, true, Now, 7) },
        { HubNames.ProfileChanged, new ProfileChanged(User, "Alice", Guid.NewGuid()) },
    };

    [Theory]
    [MemberData(nameof(Pushes))]
    public void A_push_sent_to_another_node_arrives_as_it_was_given(string method, object payload)
    {
        var arrived = RemotePush.From(new Fanout(new Push(method, payload), [User], User, "phone"), [User]).ToFanout();
        (arrived.Push.Method, arrived.UserIds, arrived.ExceptUser, arrived.ExceptDevice).Should().BeEquivalentTo((method, new[] { User }, (Guid?)User, "phone"));
        arrived.Push.Payload.Should().BeOfType(payload.GetType()).And.BeEquivalentTo(payload);
    }

    [Fact]
    public void Every_event_the_hub_sends_is_among_them() =>
        typeof(HubNames).GetFields().Select(f => (string)f.GetValue(null)!)
            .Where(name => typeof(HubNames).Assembly.GetType($"{typeof(HubNames).Namespace}.{name}") is not null)
            .Should().BeEquivalentTo(Pushes.Select(row => (string)row[0]), "a push the other node cannot read is lost with its whole batch");
}
