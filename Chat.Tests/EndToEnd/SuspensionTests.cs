using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR.Client;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Operators suspend an abusive account and reinstate it (docs/adr/0024-account-suspension.md).</summary>
public class SuspensionTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_suspended_account_is_cut_off_at_once_and_on_reinstatement_gets_what_was_sent_to_it_meanwhile()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var bobPhone = await server.OnDevice(bob, "phone");
        await using var bobHub = server.Connect(bobPhone);
        await bobHub.Start();
        var op = await server.Operator();

        await Refused(() => alice.Suspend(bob.UserId, "spam"), 403, "forbidden", "only operators suspend");
        (await Refused(() => op.Suspend(bob.UserId, " "), 400, "validation_failed")).Body.Should().Contain("reason");
        await Refused(() => op.Suspend(Guid.NewGuid(), "spam"), 404, "not_found");

        await op.Suspend(bob.UserId, "Sending spam to strangers.");
        await op.Suspend(bob.UserId, "again"); // already suspended: nothing changes
        await Eventually.Get(() => bobHub.State, s => s == HubConnectionState.Disconnected);
        await Refused(() => bob.Conversations(), 401, "unauthorized", "its tokens stop working");
        await Refused(() => bobPhone.RefreshToken(), 401, "unauthorized");
        (await Refused(() => server.NewApi().SignIn(bob.Username!, "correct-horse-battery"), 403, "suspended"))
            .Message.Should().Contain("Sending spam to strangers.");
        await Refused(() => server.NewApi().SignIn(bob.Username!, "not-the-password"), 401, "unauthorized", "the wrong password learns nothing");

        // Others still write to the account: it may come back.
        await alice.Send(conversationId, "a1", "are you there?");

        await op.Reinstate(bob.UserId);
        await op.Reinstate(bob.UserId); // not suspended: fine
        var back = server.NewApi();
        await back.SignIn(bob.Username!, "correct-horse-battery", "phone");
        await using var backHub = server.Connect(back);
        var inbox = new Inbox(backHub);
        await backHub.Start();
        (await inbox.WaitForMessages(1)).Single().Body.Should().Be("are you there?");
    }

    [Fact]
    public async Task A_suspension_for_a_while_ends_by_itself_and_the_devices_tokens_work_again()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var op = await server.Operator();
        await Refused(() => op.Suspend(bob.UserId, "cool off", DateTimeOffset.UtcNow.AddSeconds(-1)), 400, "validation_failed", "the end is in the past");

        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        await op.Suspend(bob.UserId, "Two days off for flooding the group.", until);
        await Refused(() => bob.Conversations(), 401, "unauthorized");
        (await Refused(() => server.NewApi().SignIn(bob.Username!, "correct-horse-battery"), 403, "suspended"))
            .Message.Should().Contain($"until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC").And.Contain("flooding");

        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        (await bob.Conversations()).Should().ContainSingle(c => c.ConversationId == conversationId, "the same token works again");
        (await server.NewApi().SignIn(bob.Username!, "correct-horse-battery")).AccessToken.Should().NotBeNullOrEmpty();
        await op.Suspend(bob.UserId, "again, for good"); // the last one ran out: this is a new one
        await Refused(() => bob.Conversations(), 401, "unauthorized");
        await op.Reinstate(bob.UserId);
    }
}
