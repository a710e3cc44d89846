using Chat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The web client's outbox (docs/adr/0007-web-client.md): what a person sends while the server cannot store it waits
/// with a clock, survives a reload, and goes once, in order, when the server is back; what the server refuses for good
/// is marked as not sent without holding up what follows.
/// </summary>
public class WebOutboxTests(ProxiedChatServer server, Browser browser) : IClassFixture<ProxiedChatServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task Messages_written_while_the_database_is_down_wait_through_a_reload_and_arrive_once_in_order()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await Expect(alice.Page.Locator("#chat-status")).ToHaveTextAsync("online"); // Bob's page is connected

        server.Proxy.Refuse();
        try
        {
            await alice.Send("first while down");
            await alice.Send("second while down");
            // Every try meanwhile is answered `unavailable`, which the outbox takes as "later", never as "not sent".
            await Task.Delay(TimeSpan.FromSeconds(3));
            await Expect(alice.MyMessage("first while down")).ToHaveAttributeAsync("data-status", "pending");
            await Expect(alice.MyMessage("second while down")).ToHaveAttributeAsync("data-status", "pending");

            // A reload while the server cannot answer keeps the session (no sign-in form) and what was not sent.
            await alice.Page.ReloadAsync();
            await Expect(alice.Page.Locator("#connection")).ToHaveTextAsync("Offline, retrying\u2026");
            await Expect(alice.Page.Locator("#auth")).ToBeHiddenAsync();
        }
        finally
        {
            server.Proxy.Resume();
        }

        await Expect(bob.Conversation("Alice")).ToContainTextAsync("second while down");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("2");
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["first while down", "second while down"]);
        await alice.Open("Bob");
        await Expect(alice.Messages).ToHaveTextAsync(["first while down", "second while down"]);
        await Expect(alice.MyMessage("second while down")).ToHaveAttributeAsync("data-status", "read");
    }

    [Fact]
    public async Task A_message_the_server_refuses_is_marked_not_sent_and_the_next_one_still_goes()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);

        // A body over the server's limit, put in the composer by script: its maxlength stops typing and pasting.
        var composer = alice.Page.GetByLabel("Message", new() { Exact = true });
        await composer.EvaluateAsync("(box, length) => { box.value = 'x'.repeat(length); }", 65_537);
        await composer.PressAsync("Enter");
        await Expect(alice.Page.Locator("li.message.mine[data-status=failed]")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#chat-error")).ToHaveTextAsync("Not sent: The message body must be at most 65536 characters.");
        await alice.Send("after the refused one");

        await Expect(alice.MyMessage("after the refused one")).ToHaveAttributeAsync("data-status", "delivered");
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["after the refused one"]);
        await Expect(alice.Page.Locator("li.message.mine[data-status=failed]")).ToHaveCountAsync(1);
    }
}
