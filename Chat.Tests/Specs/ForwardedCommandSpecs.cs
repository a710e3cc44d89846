using Chat.Domain.Conversations;
using Chat.WriteApi.Pipeline;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>A node forwards a conversation's commands to its owner (docs/adr/0006-multi-node.md): every kind must cross.</summary>
public class ForwardedCommandSpecs
{
    private static readonly Guid Conversation = Guid.NewGuid(), User = Guid.NewGuid(), Other = Guid.NewGuid(), Message = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 21, 30, 0, TimeSpan.Zero);

    public static TheoryData<ConversationCommand> Commands =>
    [
        new SendMessage(Conversation, User, Message, "c1", "hello", Now, "phone"),
        new AckDelivered(Conversation, User, 3, Now, "phone"),
        new MarkRead(Conversation, User, 3, Now, "phone", Private: true),
        new EditMessage(Conversation, User, Message, "changed", Now, "phone"),
        new DeleteMessage(Conversation, User, Message, Now, "phone"),
        new ReactToMessage(Conversation, User, Message, "👍", Now, "phone"),
        new ExpireMessage(Conversation, Message, Now),
        new SetDisappearingTimer(Conversation, User, 86_400, Now),
        new SetBlocked(Conversation, User, true, Now),
        new RemoveDeletedAccount(Conversation, User, Now),
        new AddMembers(Conversation, User, [Other], 1_024, Now),
        new RemoveMember(Conversation, User, Other, Now),
        new RenameGroup(Conversation, User, "title", Now),
        new SetGroupDescription(Conversation, User, "about", Now),
        new SetGroupPhoto(Conversation, User, Message, Now),
        new SetAdmin(Conversation, User, Other, true, Now),
        new ResetInviteLink(Conversation, User, "code", Now),
        new RevokeInviteLink(Conversation, User, Now),
        new SetSendPolicy(Conversation, User, true, Now),
        new JoinByInvite(Conversation, User, "code", 1_024, Now),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_forwarded_to_the_owner_arrives_as_it_was_given(ConversationCommand command) =>
        ForwardedCommand.From(Guid.NewGuid(), command).ToCommand().Should().BeEquivalentTo(command, o => o.RespectingRuntimeTypes());

    [Fact]
    public void Every_kind_of_conversation_command_is_among_them() =>
        typeof(ConversationCommand).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ConversationCommand)) && !t.IsAbstract)
            .Should().BeEquivalentTo(Commands.Cast<object[]>().Select(row => row[0].GetType()), "a new command the owner node cannot read would fail every forwarded one");
}
