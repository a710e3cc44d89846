using Chat.Domain;
using Chat.Domain.Conversations;

namespace Chat.Tests.Specs;

/// <summary>Groups where only admins send (docs/adr/0025-admins-only-groups.md).</summary>
public class SendPolicySpecs
{
    private static readonly Guid Admin = Guid.NewGuid(), Alice = Guid.NewGuid(), Id = Guid.NewGuid(), Earlier = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly GroupCreated Created = new(Id, "News", Admin, [Admin, Alice], Now);
    private static readonly MessageSent AlicesEarlier = new(Id, Earlier, Alice, "a1", 1, "before", Now);
    private static readonly GroupSendPolicySet AdminsOnly = new(Id, true, Admin, Now);

    private static SendMessage Send(Guid sender) => new(Id, sender, Guid.NewGuid(), "c-" + Guid.NewGuid(), "hello", Now);

    [Fact]
    public void An_admin_restricts_sending_to_admins_and_asking_again_decides_nothing()
    {
        DeciderSpec.Given(Created).Then(new SetSendPolicy(Id, Admin, true, Now), AdminsOnly);
        DeciderSpec.Given(Created, AdminsOnly).Then(new SetSendPolicy(Id, Admin, true, Now));
        DeciderSpec.Given(Created, AdminsOnly).Then(new SetSendPolicy(Id, Admin, false, Now), new GroupSendPolicySet(Id, false, Admin, Now));
        DeciderSpec.Given(Created).ThenFails(new SetSendPolicy(Id, Alice, true, Now), ErrorCodes.Forbidden);
        DeciderSpec.Given(new DirectConversationOpened(Id, [Admin, Alice], Admin, Now))
            .ThenFails(new SetSendPolicy(Id, Admin, true, Now), ErrorCodes.Validation, "conversationId");
    }

    [Fact]
    public void Then_members_neither_send_nor_edit_but_still_react_delete_their_own_and_read()
    {
        var given = DeciderSpec.Given(Created, AlicesEarlier, AdminsOnly);
        given.ThenFails(Send(Alice), ErrorCodes.Forbidden);
        given.ThenFails(new EditMessage(Id, Alice, Earlier, "changed", Now), ErrorCodes.Forbidden);
        given.Then(new ReactToMessage(Id, Alice, Earlier, "👍", Now), new ReactionChanged(Id, Earlier, Alice, 2, "👍", Now, "default"));
        given.Then(new DeleteMessage(Id, Alice, Earlier, Now), new MessageDeleted(Id, Earlier, Alice, 2, Now, "default"));
        given.Then(new MarkRead(Id, Alice, 1, Now), new MessagesRead(Id, Alice, 1, Now, "default"));
        var send = Send(Admin);
        given.Then(send, new MessageSent(Id, send.MessageId, Admin, send.ClientMessageId, 2, "hello", Now, "default"));
    }
}
