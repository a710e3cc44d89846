using System.Text.Json;
using System.Text.RegularExpressions;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.EndToEnd;

/// <summary>The web client at / in headless Chromium, against the real server on real PostgreSQL (presence grace 1 s).</summary>
public class WebClientTests(ShortGraceChatServer server, Browser browser) : IClassFixture<ShortGraceChatServer>, IClassFixture<Browser>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 780 };

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..16];

    private async Task<Chat.Client.ChatApi> NewUser(string displayName)
    {
        var api = server.NewApi();
        var username = Unique(displayName.ToLowerInvariant());
        await api.Register(username, ChatPage.Password, displayName);
        await api.SignIn(username, ChatPage.Password);
        return api;
    }

    [Fact]
    public async Task Two_people_chat_and_the_senders_ticks_turn_delivered_then_read()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await Expect(alice.Page.Locator("#chat-status")).ToHaveTextAsync("online");
        await alice.Send("Hello Bob");

        // Bob's page shows his list, not the chat: his client acknowledges delivery, he has not read it yet.
        await Expect(alice.MyMessage("Hello Bob")).ToHaveAttributeAsync("data-status", "delivered");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("1");
        await Expect(bob.Conversation("Alice")).ToContainTextAsync("Hello Bob");

        await bob.Open("Alice");
        await Expect(bob.Message("Hello Bob")).ToBeVisibleAsync();
        await Expect(alice.MyMessage("Hello Bob")).ToHaveAttributeAsync("data-status", "read");
        await Expect(alice.MyMessage("Hello Bob").Locator(".tick")).ToHaveAttributeAsync("aria-label", "read");
        await Expect(bob.UnreadBadge("Alice")).ToHaveCountAsync(0);

        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("Hi Al");
        await Expect(alice.Page.Locator("#typing")).ToHaveTextAsync("Bob is typing\u2026");
        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(alice.Message("Hi Al")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#typing")).ToHaveTextAsync("");
        await Expect(bob.MyMessage("Hi Al")).ToHaveAttributeAsync("data-status", "read");

        await alice.Screenshot("two-people-chat-alice");
        await bob.Screenshot("two-people-chat-bob");

        await bob.Page.Context.CloseAsync(); // Bob closes his browser: after the grace period he is offline, last seen now
        await Expect(alice.Page.Locator("#chat-status")).ToContainTextAsync("last seen today at");
        await Expect(alice.Conversation("Bob").Locator(".dot")).ToHaveClassAsync(new Regex("offline"));
    }

    [Fact]
    public async Task A_disappearing_timer_chosen_on_one_page_shows_on_the_other_and_a_message_sent_with_it_vanishes_from_both()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("This one stays");
        await bob.Open("Alice");
        await bob.Page.GetByLabel("Disappearing messages").SelectOptionAsync("604800");
        await Expect(alice.Page.GetByLabel("Disappearing messages")).ToHaveValueAsync("604800");

        // A week is long for a test: the same timer at two seconds, as another client may set it.
        var api = server.NewApi();
        await api.SignIn(alice.Username!, ChatPage.Password);
        await api.SetDisappearing(await api.OpenDirect((await api.FindUser(bob.Username!)).UserId), TimeSpan.FromSeconds(2));
        await Expect(bob.Page.GetByLabel("Disappearing messages")).ToHaveValueAsync("2");
        await alice.Send("Gone in two seconds");
        await Expect(bob.Message("Gone in two seconds")).ToBeVisibleAsync();
        await Expect(alice.MyMessage("Gone in two seconds")).ToBeVisibleAsync();
        await bob.Screenshot("disappearing-bob");

        await Expect(bob.Message("Gone in two seconds")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(alice.Message("Gone in two seconds")).ToHaveCountAsync(0);
        await Expect(bob.Messages).ToHaveTextAsync(["This one stays"]);
        await bob.Page.ReloadAsync(); // history has it deleted, and the page does not show it
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["This one stays"]);
    }

    [Fact]
    public async Task Bob_blocks_Alice_her_next_message_is_not_sent_and_after_he_unblocks_her_it_arrives()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Hello Bob");
        await bob.Open("Alice");
        await Expect(bob.Message("Hello Bob")).ToBeVisibleAsync();

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await Expect(bob.Page.Locator("#blocked")).ToHaveTextAsync("You blocked Alice. Unblock to write to each other again.");
        await Expect(bob.Page.Locator("#composer")).ToBeHiddenAsync();
        await alice.Send("Are you there?");
        await Expect(alice.MyMessage("Are you there?")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(alice.Page.Locator("#chat-error")).ToHaveTextAsync("Not sent: This user is not taking messages from you.");

        // The block is the server's: a reload shows it again.
        await bob.Page.ReloadAsync();
        await bob.Open("Alice");
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Unblock" })).ToBeVisibleAsync();
        await bob.Screenshot("blocked-bob");
        // Lifted from the settings' list of blocked users; the open chat hears of it.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var blocked = bob.Page.Locator("#settings-blocked li");
        await Expect(blocked).ToHaveTextAsync([new Regex("^Alice")]);
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Unblock Alice" }).ClickAsync();
        await Expect(blocked).ToHaveTextAsync(["Nobody is blocked."]);
        await bob.Page.Locator("#settings").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(bob.Page.Locator("#composer")).ToBeVisibleAsync();
        await alice.Send("Friends again?");
        await Expect(bob.Message("Friends again?")).ToBeVisibleAsync();
        await Expect(bob.Messages).ToHaveTextAsync(["Hello Bob", "Friends again?"]);
    }

    [Fact]
    public async Task A_sender_edits_a_message_and_deletes_another_for_everyone_and_the_other_page_shows_both_at_once()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("See you at 5");
        await bob.Open("Alice"); // listed with Alice's first message
        await Expect(bob.Message("See you at 5")).ToBeVisibleAsync();

        await alice.MyMessage("See you at 5").GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await Expect(alice.Page.Locator("#editing")).ToBeVisibleAsync();
        await alice.Send("See you at 6");
        await Expect(bob.Message("See you at 6")).ToContainTextAsync("edited");
        await Expect(bob.Page.GetByText("See you at 5")).ToHaveCountAsync(0);
        await Expect(alice.MyMessage("See you at 6")).ToContainTextAsync("edited");
        await Expect(alice.Page.Locator("#editing")).ToBeHiddenAsync();

        await alice.Send("Wrong chat, sorry");
        await Expect(bob.Message("Wrong chat, sorry")).ToBeVisibleAsync();
        alice.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "Delete this message for everyone?"
        await alice.MyMessage("Wrong chat, sorry").GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await Expect(bob.Message("This message was deleted")).ToBeVisibleAsync();
        await Expect(bob.Page.GetByText("Wrong chat, sorry")).ToHaveCountAsync(0);
        await Expect(alice.MyMessage("You deleted this message")).ToBeVisibleAsync();
        await Expect(bob.Conversation("Alice")).ToContainTextAsync("This message was deleted");

        await bob.Page.ReloadAsync(); // history says the same
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["See you at 6", "This message was deleted"]);
        await alice.Screenshot("edit-and-delete-alice");
    }

    [Fact]
    public async Task Both_react_to_a_message_and_take_a_reaction_back_and_each_page_shows_the_count_at_once()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Pizza tonight?");
        await bob.Open("Alice");
        const string thumbs = "\U0001F44D";

        await bob.Message("Pizza tonight?").HoverAsync();
        await bob.Message("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"React with {thumbs}" }).ClickAsync();
        await Expect(alice.MyMessage("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 1" })).ToBeVisibleAsync();

        await alice.MyMessage("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 1" }).ClickAsync(); // +1
        await Expect(bob.Message("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 2" })).ToBeVisibleAsync();
        await Expect(alice.MyMessage("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 2" }))
            .ToHaveAttributeAsync("aria-pressed", "true");

        await bob.Message("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 2" }).ClickAsync(); // his own: taken back
        await Expect(alice.MyMessage("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 1" })).ToBeVisibleAsync();
        await bob.Page.ReloadAsync();
        await bob.Open("Alice");
        await Expect(bob.Message("Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = $"{thumbs} 1" }))
            .ToHaveAttributeAsync("aria-pressed", "false");
        await alice.Screenshot("reactions-alice");
    }

    [Fact]
    public async Task A_person_renames_themselves_and_changes_their_password_in_the_settings()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Hello Bob");
        await Expect(bob.Conversation("Alice")).ToBeVisibleAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var settings = alice.Page.Locator("#settings");
        await settings.GetByLabel("Display name").FillAsync("Alice Liddell");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Name saved.");
        await Expect(alice.Page.Locator("#me")).ToHaveTextAsync("Alice Liddell");
        await Expect(bob.Conversation("Alice Liddell")).ToBeVisibleAsync(); // at once, without a reload

        await settings.GetByLabel("Current password").FillAsync("not-the-password");
        await settings.GetByLabel("New password").FillAsync("a-brand-new-password");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(settings.GetByRole(AriaRole.Alert)).ToHaveTextAsync("currentPassword is not the account's password.");
        await settings.GetByLabel("Current password").FillAsync(ChatPage.Password);
        await settings.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed.");
        await alice.Screenshot("settings");

        (await server.NewApi().SignIn(alice.Username!, "a-brand-new-password")).AccessToken.Should().NotBeNullOrEmpty();
        await bob.Page.ReloadAsync();
        await Expect(bob.Conversation("Alice Liddell")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_person_turns_read_receipts_off_in_the_settings_and_the_senders_tick_stops_at_delivered()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var settings = bob.Page.Locator("#settings");
        await Expect(settings.GetByLabel("Send read receipts")).ToBeCheckedAsync();
        await settings.GetByLabel("Who sees when I am online").SelectOptionAsync("contacts");
        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Privacy saved.");
        await settings.GetByLabel("Send read receipts").UncheckAsync();
        await settings.GetByLabel("Who can add me to groups").SelectOptionAsync("contacts");
        var bobApi = server.NewApi();
        await bobApi.SignIn(bob.Username!, ChatPage.Password);
        await Eventually.Get(() => bobApi.Privacy(), p => !p.ReadReceipts && p.Groups == "contacts");
        await bob.Screenshot("settings-privacy");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await alice.Send("Did you read this?");
        await Expect(alice.MyMessage("Did you read this?")).ToHaveAttributeAsync("data-status", "delivered");
        await bob.Open("Alice");
        await Expect(bob.Message("Did you read this?")).ToBeVisibleAsync();
        await Eventually.Get(() => bobApi.Conversations(), c => c.Single().UnreadCount == 0); // his read is committed
        // Pushes to Alice keep their order: once Bob's reply is there, a read receipt would have been too.
        await bob.Send("Maybe");
        await Expect(alice.Message("Maybe")).ToBeVisibleAsync();
        await Expect(alice.MyMessage("Did you read this?")).ToHaveAttributeAsync("data-status", "delivered");

        // Both ways, as WhatsApp: with his own receipts off, Bob is not shown Alice's reads either.
        var conversationId = (await bobApi.Conversations()).Single().ConversationId;
        await Eventually.Get(() => bobApi.AllMessages(conversationId), m => m.Last().Status == "read"); // Alice has the chat open
        await bob.Page.ReloadAsync();
        await bob.Open("Alice");
        await Expect(bob.MyMessage("Maybe")).ToHaveAttributeAsync("data-status", "delivered");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(settings.GetByLabel("Send read receipts")).Not.ToBeCheckedAsync();
        await Expect(settings.GetByLabel("Who sees when I am online")).ToHaveValueAsync("contacts");
        await Expect(settings.GetByLabel("Who can add me to groups")).ToHaveValueAsync("contacts");
        await settings.GetByLabel("Send read receipts").CheckAsync();
        await Expect(bob.MyMessage("Maybe")).ToHaveAttributeAsync("data-status", "read"); // at once
    }

    [Fact]
    public async Task A_person_deletes_a_message_for_themselves_and_it_leaves_their_other_device_too_but_not_the_other_side()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Keep this");
        await alice.Send("Not for my eyes");
        var laptop = await browser.NewPage(server.Address);
        await laptop.SignIn(bob.Username!);
        await laptop.Open("Alice");
        await Expect(laptop.Message("Not for my eyes")).ToBeVisibleAsync();
        await bob.Open("Alice");

        bob.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "Delete this message for you ...?"
        await bob.Message("Not for my eyes").GetByRole(AriaRole.Button, new() { Name = "Delete for me" }).ClickAsync();
        await Expect(bob.Messages).ToHaveTextAsync(["Keep this"]);
        await Expect(laptop.Messages).ToHaveTextAsync(["Keep this"]); // at once, without a reload
        await Expect(alice.Messages).ToHaveTextAsync(["Keep this", "Not for my eyes"]);

        await bob.Page.ReloadAsync();
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["Keep this"]);
    }

    [Fact]
    public async Task A_person_deletes_a_chat_and_it_leaves_their_lists_until_a_new_message_brings_it_back()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Old news");
        var laptop = await browser.NewPage(server.Address);
        await laptop.SignIn(bob.Username!);
        await Expect(laptop.Conversation("Alice")).ToBeVisibleAsync();
        await bob.Open("Alice");
        await Expect(bob.Message("Old news")).ToBeVisibleAsync();

        bob.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "Delete this chat from all your devices?"
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Delete chat" }).ClickAsync();
        await Expect(bob.Conversation("Alice")).ToHaveCountAsync(0);
        await Expect(laptop.Conversation("Alice")).ToHaveCountAsync(0); // at once, without a reload
        await Expect(alice.Conversation("Bob")).ToBeVisibleAsync();

        await alice.Send("Fresh news");
        await Expect(bob.Conversation("Alice")).ToContainTextAsync("Fresh news");
        await bob.Open("Alice");
        await Expect(bob.Messages).ToHaveTextAsync(["Fresh news"]);
    }

    [Fact]
    public async Task A_person_clears_a_chat_and_its_messages_leave_their_other_device_too_but_not_the_other_side()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("First");
        await alice.Send("Second");
        var laptop = await browser.NewPage(server.Address);
        await laptop.SignIn(bob.Username!);
        await laptop.Open("Alice");
        await Expect(laptop.Message("Second")).ToBeVisibleAsync();
        await bob.Open("Alice");
        await Expect(bob.Message("Second")).ToBeVisibleAsync();

        bob.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "Clear the messages of this chat ...?"
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(bob.Page.Locator("#messages li.message")).ToHaveCountAsync(0);
        await Expect(laptop.Page.Locator("#messages li.message")).ToHaveCountAsync(0); // at once, without a reload
        await Expect(alice.MyMessage("Second")).ToBeVisibleAsync();

        await alice.Send("Third");
        await Expect(bob.Message("Third")).ToBeVisibleAsync();
        await bob.Page.ReloadAsync();
        await bob.Open("Alice");
        await Expect(bob.Message("Third")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator("#messages li.message")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_person_reports_abuse_from_the_chat_with_the_last_messages_and_blocks_the_sender_too()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Buy followers now");
        await alice.Send("Last chance, click the link");
        await bob.Open("Alice");
        await Expect(bob.Message("Last chance, click the link")).ToBeVisibleAsync();

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        var dialog = bob.Page.Locator("#report-dialog");
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Report Alice");
        await dialog.GetByLabel("Why").SelectOptionAsync("spam");
        await dialog.GetByLabel("Anything to add").FillAsync("Sends this to everyone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you. The operators will look at it.");
        await bob.Screenshot("report");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(bob.Page.Locator("#block")).ToHaveTextAsync("Unblock");

        var alicesId = (await server.NewApi().SignIn(alice.Username!, ChatPage.Password)).UserId;
        var report = (await (await server.Operator()).Reports(about: alicesId)).Single();
        (report.Reason, report.Note).Should().Be(("spam", "Sends this to everyone"));
        report.Messages.Select(m => m.Text).Should().Equal("Buy followers now", "Last chance, click the link");
    }

    [Fact]
    public async Task A_person_chooses_a_profile_photo_in_the_settings_and_the_other_side_sees_it_beside_her_name()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Hello Bob");
        await Expect(bob.Conversation("Alice")).ToBeVisibleAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var settings = alice.Page.Locator("#settings");
        using (var picture = new SkiaSharp.SKBitmap(1024, 768))
        {
            picture.Erase(SkiaSharp.SKColors.Orange);
            using var png = picture.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            await settings.GetByLabel("Choose a profile photo").SetInputFilesAsync(
                new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = png.ToArray() });
        }
        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Photo saved.");
        await Expect(settings.Locator("#settings-avatar img")).ToHaveJSPropertyAsync("naturalWidth", 512);
        await alice.Screenshot("settings-photo");

        // Bob sees it on his next look at her profile: after a reload, in the list and the chat's header.
        await bob.Page.ReloadAsync();
        await Expect(bob.Conversation("Alice").Locator("img.avatar")).ToHaveJSPropertyAsync("naturalWidth", 96);
        await bob.Open("Alice");
        await Expect(bob.Page.Locator("#chat-avatar img")).ToHaveJSPropertyAsync("naturalWidth", 512);

        await settings.GetByRole(AriaRole.Button, new() { Name = "Remove photo" }).ClickAsync();
        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Photo removed.");
        await Expect(settings.Locator("#settings-avatar img")).ToHaveCountAsync(0);
        await bob.Page.ReloadAsync();
        await Expect(bob.Conversation("Alice")).ToBeVisibleAsync();
        await Expect(bob.Conversation("Alice").Locator("img.avatar")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_person_deletes_their_account_in_the_settings_and_the_other_side_keeps_the_chat_to_read()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Goodbye Bob");
        await bob.Open("Alice");
        await Expect(bob.Message("Goodbye Bob")).ToBeVisibleAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var settings = alice.Page.Locator("#settings");
        await settings.GetByLabel("Password to delete the account").FillAsync("not-the-password");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Expect(settings.GetByRole(AriaRole.Alert)).ToHaveTextAsync("password is not the account's password.");
        await settings.GetByLabel("Password to delete the account").FillAsync(ChatPage.Password);
        await settings.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Expect(alice.Page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#app")).ToBeHiddenAsync();

        // Bob's open chat hears of it at once, and a reload shows the same.
        await Expect(bob.Page.Locator("#blocked")).ToHaveTextAsync("This account was deleted. The chat stays here to read.");
        await Expect(bob.Page.Locator("#composer")).ToBeHiddenAsync();
        await Expect(bob.Page.Locator("#chat-name")).ToHaveTextAsync("Deleted account");
        await bob.Page.ReloadAsync();
        await bob.Open("Deleted account");
        await Expect(bob.Messages).ToHaveTextAsync(["Goodbye Bob"]);
        await Expect(bob.Page.Locator("#composer")).ToBeHiddenAsync();
        (await FluentActions.Awaiting(() => server.NewApi().SignIn(alice.Username!, ChatPage.Password)).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task A_pinned_chat_leads_the_list_and_an_archived_one_moves_to_the_archive_on_every_device()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);
        await alice.Send("Hello Bob");
        var carol = await browser.NewPage(server.Address);
        await carol.SignUp(Unique("carol"), "Carol");
        await carol.StartChat(alice.Username!);
        await carol.Send("Hello Alice");
        await Expect(alice.Conversation("Carol")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Carol", "Bob"]); // the latest first

        await alice.Open("Bob");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Pin", Exact = true }).ClickAsync();
        await Expect(alice.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Bob", "Carol"]);
        await Expect(alice.Conversation("Bob").GetByLabel("pinned")).ToBeVisibleAsync();

        await alice.Open("Carol");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await Expect(alice.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Bob"]);
        await Expect(alice.Page.Locator("#show-archived")).ToHaveTextAsync("Archived (1)");

        // Another browser of hers shows the same, from the server.
        var laptop = await browser.NewPage(server.Address);
        await laptop.SignIn(alice.Username!);
        await Expect(laptop.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Bob"]);
        await laptop.Page.Locator("#show-archived").ClickAsync();
        await Expect(laptop.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Carol"]);
        await laptop.Open("Carol");
        await laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Unarchive" }).ClickAsync();
        await Expect(laptop.Page.Locator("#show-archived")).ToBeHiddenAsync();
        await Expect(laptop.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Bob", "Carol"]);
        // The first browser, still open, hears of it at once.
        await Expect(alice.Page.Locator("li.conversation .name")).ToHaveTextAsync(["Bob", "Carol"]);
        await Expect(alice.Page.Locator("#show-archived")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_person_signs_out_another_browser_from_the_settings()
    {
        var laptop = await browser.NewPage(server.Address);
        await laptop.SignUp(Unique("alice"), "Alice");
        var library = await browser.NewPage(server.Address); // a computer she forgot to sign out of
        await library.SignIn(laptop.Username!);

        await laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        var devices = laptop.Page.GetByRole(AriaRole.List, new() { Name = "Signed-in devices" }).GetByRole(AriaRole.Listitem);
        await Expect(devices).ToHaveCountAsync(2);
        await Expect(devices.Filter(new() { HasText = "(this one)" })).ToHaveCountAsync(1);
        await devices.GetByRole(AriaRole.Button).ClickAsync(); // the only one with a button: the other browser
        await Expect(laptop.Page.Locator("#settings").GetByRole(AriaRole.Status)).ToContainTextAsync("is signed out.");
        await Expect(devices).ToHaveCountAsync(1);

        await Expect(library.Page.Locator("#auth")).ToBeVisibleAsync(); // its connection ended and its token stopped working
        await Expect(library.Page.Locator("#app")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_message_for_a_conversation_not_in_view_shows_a_desktop_notification_the_tab_counts_it_and_a_muted_one_shows_none()
    {
        var alice = await browser.NewPage(server.Address);
        var bob = await browser.NewPage(server.Address, permissions: ["notifications"]); // as if Bob had allowed them
        // The browser's own Notification, recorded as the page creates them.
        await bob.Page.AddInitScriptAsync("""
            window.shown = [];
            window.Notification = class extends window.Notification {
              constructor(title, options) { super(title, options); window.shown.push({ title, body: options.body }); }
            };
            """);
        await bob.Page.ReloadAsync();
        await alice.SignUp(Unique("alice"), "Alice");
        await bob.SignUp(Unique("bob"), "Bob");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Turn on desktop notifications" }).ClickAsync();
        await Expect(bob.Page.Locator("#settings").GetByRole(AriaRole.Status)).ToHaveTextAsync("Desktop notifications are on.");
        await bob.Page.Locator("#settings").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await alice.StartChat(bob.Username!);
        await alice.Send("Are you there?");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("1");
        await Expect(bob.Page).ToHaveTitleAsync("(1) Chat");
        var shown = await bob.Page.EvaluateAsync<JsonElement>("() => window.shown");
        shown.EnumerateArray().Select(n => (n.GetProperty("title").GetString(), n.GetProperty("body").GetString()))
            .Should().Equal([("Alice", "Are you there?")]);

        await bob.Open("Alice");
        await Expect(bob.Page).ToHaveTitleAsync("Chat");

        // Muted: the next message counts, but no notification shows; the mute is the server's, so a reload keeps it.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Unmute" })).ToBeVisibleAsync();
        await bob.StartChat((await NewUser("Carol")).Username!); // Alice's chat out of view
        await Expect(bob.Page.Locator("#chat-name")).ToHaveTextAsync("Carol");
        await alice.Send("Still there?");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("1");
        (await bob.Page.EvaluateAsync<int>("() => window.shown.length")).Should().Be(1, "Bob muted Alice");
        await bob.Page.ReloadAsync();
        await Expect(bob.Conversation("Alice").GetByLabel("muted")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_picture_and_a_file_sent_from_the_page_show_in_both_chats_and_the_file_downloads()
    {
        var (alice, bob) = await browser.AliceOpensAChatWithBob(server.Address);

        await alice.Attach("photo.png", "image/png", Convert.FromBase64String(TwoByTwoPng));
        await Expect(bob.Conversation("Alice")).ToContainTextAsync("\U0001F4CE photo.png");
        await bob.Open("Alice");
        var picture = bob.Page.Locator("li.message img.picture");
        await Expect(picture).ToHaveAttributeAsync("alt", "photo.png");
        await Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 2); // fetched with the token and decoded, under the page's CSP
        await Expect(alice.Page.Locator("li.message.mine img.picture")).ToHaveJSPropertyAsync("naturalWidth", 2);

        await alice.Attach("notes.txt", "text/plain", "meeting at noon"u8.ToArray());
        var file = bob.Page.Locator("li.message a.file");
        await Expect(file).ToHaveTextAsync("\U0001F4CE notes.txt (15 B)");
        var download = await bob.Page.RunAndWaitForDownloadAsync(() => file.ClickAsync());
        download.SuggestedFilename.Should().Be("notes.txt");
        (await File.ReadAllTextAsync((await download.PathAsync())!)).Should().Be("meeting at noon");
        await Expect(alice.Page.Locator("li.message.mine").Last).ToHaveAttributeAsync("data-status", "read");
        await bob.Screenshot("attachments-bob");
    }

    private const string TwoByTwoPng = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DA0PCfAUIBACFyBP1TVaZ3AAAAAElFTkSuQmCC";

    [Fact]
    public async Task A_user_who_was_offline_opens_the_page_on_a_phone_and_catches_up_unread_badge_first()
    {
        var alice = await NewUser("Alice");
        var bob = await NewUser("Bob");
        var conversationId = await alice.OpenDirect(bob.UserId);
        var bodies = Enumerable.Range(1, 60).Select(i => $"while you were away {i}").ToList();
        foreach (var body in bodies) await alice.Send(conversationId, Guid.NewGuid().ToString(), body);

        var page = await browser.NewPage(server.Address, viewport: Phone);
        await page.SignIn(bob.Username!);
        await Expect(page.UnreadBadge("Alice")).ToHaveTextAsync("60");
        await Expect(page.Conversation("Alice")).ToContainTextAsync("while you were away 60");
        await page.Screenshot("offline-catch-up-list");

        await page.Open("Alice");
        await Expect(page.Page.Locator("#conversations")).ToBeHiddenAsync(); // one pane at a time on a phone
        await Expect(page.Messages).ToHaveCountAsync(50); // the newest page
        await Expect(page.Messages.Last).ToHaveTextAsync("while you were away 60");
        await page.Page.Locator("#messages").EvaluateAsync("list => list.scrollTop = 0"); // scrolling back loads the older page
        await Expect(page.Messages).ToHaveCountAsync(60);
        (await page.Messages.AllTextContentsAsync()).Should().Equal(bodies);
        await page.Screenshot("offline-catch-up-chat");

        var history = await Eventually.Get(() => alice.Messages(conversationId), p => p.Messages.All(m => m.Status == "read"));
        history.Messages.Should().OnlyContain(m => m.Status == "read");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Back to conversations" }).ClickAsync();
        await Expect(page.UnreadBadge("Alice")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_describes_the_group_and_gives_it_a_photo_that_the_members_see_at_once()
    {
        var names = new[] { Unique("ann"), Unique("ben") };
        var (ann, ben) = (await browser.NewPage(server.Address), await browser.NewPage(server.Address));
        await ann.SignUp(names[0], "Ann");
        await ben.SignUp(names[1], "Ben");
        var title = $"Club {Guid.NewGuid():N}"[..12];
        await ann.CreateGroup(title, names[1]);
        await Expect(ben.Conversation(title)).ToBeVisibleAsync();

        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var manage = ann.Page.Locator("#group-manage");
        await manage.GetByLabel("Description").FillAsync("Club news on Fridays");
        await manage.GetByRole(AriaRole.Button, new() { Name = "Save description" }).ClickAsync();
        using (var picture = new SkiaSharp.SKBitmap(600, 400))
        {
            picture.Erase(SkiaSharp.SKColors.Purple);
            using var png = picture.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            await manage.GetByLabel("Choose a group photo").SetInputFilesAsync(
                new FilePayload { Name = "club.png", MimeType = "image/png", Buffer = png.ToArray() });
        }
        await Expect(manage.Locator("#group-photo img")).ToHaveJSPropertyAsync("naturalWidth", 400);
        await ann.Screenshot("group-info");

        await Expect(ben.Conversation(title).Locator("img.avatar")).ToHaveJSPropertyAsync("naturalWidth", 96); // without a reload
        await ben.Open(title);
        await Expect(ben.Page.Locator("#chat-avatar img")).ToHaveJSPropertyAsync("naturalWidth", 400);
        await ben.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var benSees = ben.Page.Locator("#group-manage");
        await Expect(benSees.GetByLabel("Description")).ToHaveValueAsync("Club news on Fridays");
        await Expect(benSees.GetByLabel("Description")).Not.ToBeEditableAsync(); // not an admin
        await Expect(benSees.Locator("#group-photo-row")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_admin_shares_an_invite_link_and_someone_who_opens_it_joins_the_group()
    {
        var names = new[] { Unique("ann"), Unique("ben"), Unique("cat") };
        var (ann, ben, cat) = (await browser.NewPage(server.Address), await browser.NewPage(server.Address), await browser.NewPage(server.Address));
        await ann.SignUp(names[0], "Ann");
        await ben.SignUp(names[1], "Ben");
        await cat.SignUp(names[2], "Cat");
        var title = $"Club {Guid.NewGuid():N}"[..12];
        await ann.CreateGroup(title, names[1]);

        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var manage = ann.Page.Locator("#group-manage");
        await manage.GetByRole(AriaRole.Button, new() { Name = "New invite link" }).ClickAsync();
        var link = manage.GetByLabel("Invite link");
        await Expect(link).ToHaveValueAsync(new Regex("/#invite=[A-Za-z0-9_-]{43}$"));
        var url = await link.InputValueAsync();
        await Expect(manage.Locator("#group-invite-expires")).ToBeHiddenAsync(); // made to last
        await manage.GetByLabel("New links expire").SelectOptionAsync("Expires in 7 days");
        await manage.GetByRole(AriaRole.Button, new() { Name = "New invite link" }).ClickAsync();
        await Expect(link).Not.ToHaveValueAsync(url);
        await Expect(manage.Locator("#group-invite-expires")).ToContainTextAsync("The link stops working");
        url = await link.InputValueAsync();
        await ben.Open(title);
        await ben.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync(); // not an admin: no link to see
        await Expect(ben.Page.Locator("#group-invite")).ToBeHiddenAsync();

        var annApi = server.NewApi();
        await annApi.SignIn(names[0], ChatPage.Password);
        var groupId = (await annApi.Conversations()).Single(c => c.Title == title).ConversationId;
        await annApi.SetGroupDescription(groupId, "We read on Sundays");
        await annApi.SetGroupPhoto(groupId, Pictures.Png(SkiaSharp.SKColors.Teal), "image/png");
        await cat.Page.GotoAsync(url);
        var invite = cat.Page.Locator("#invite");
        await Expect(invite.Locator("#invite-what")).ToHaveTextAsync($"{title} (2 members)");
        await Expect(invite.Locator("#invite-description")).ToHaveTextAsync("We read on Sundays"); // seen before joining
        await Expect(invite.Locator("#invite-photo img")).ToHaveJSPropertyAsync("naturalWidth", 96);
        await invite.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(cat.Page.Locator("#chat-name")).ToHaveTextAsync(title);
        await cat.Send("Hello club");
        await Expect(ann.Message("Hello club")).ToBeVisibleAsync();

        // Revoked, the same link leads nowhere.
        await manage.GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
        await Expect(link).ToHaveValueAsync("");
        var dan = await browser.NewPage(server.Address);
        await dan.SignUp(Unique("dan"), "Dan");
        await dan.Page.GotoAsync(url);
        await Expect(dan.Page.Locator("#invite").GetByRole(AriaRole.Alert)).ToContainTextAsync("invite link");
        await Expect(dan.Page.Locator("#invite-join")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Three_people_in_a_group_and_its_admin_deletes_a_message_and_removes_one()
    {
        var names = new[] { Unique("ann"), Unique("ben"), Unique("cat") };
        var (ann, ben, cat) = (await browser.NewPage(server.Address), await browser.NewPage(server.Address), await browser.NewPage(server.Address));
        await ann.SignUp(names[0], "Ann");
        await ben.SignUp(names[1], "Ben");
        await cat.SignUp(names[2], "Cat");

        var title = $"Trip {Guid.NewGuid():N}"[..12];
        await ann.CreateGroup(title, names[1], names[2]);
        await Expect(ann.Page.Locator("#chat-status")).ToHaveTextAsync("3 members");
        await ann.Send("Who is in?");

        foreach (var member in new[] { ben, cat })
        {
            await Expect(member.UnreadBadge(title)).ToHaveTextAsync("1");
            await member.Open(title);
            await Expect(member.Message("Who is in?").Locator(".author")).ToHaveTextAsync("Ann");
        }
        await Expect(ann.MyMessage("Who is in?")).ToHaveAttributeAsync("data-status", "read"); // read by both

        await cat.Send("Me!");
        await Expect(ann.Message("Me!")).ToBeVisibleAsync();
        await Expect(ben.Message("Me!")).ToBeVisibleAsync();
        await ann.Screenshot("group-ann");

        // Only the group's admin may delete someone else's message.
        await Expect(ben.Message("Me!").GetByRole(AriaRole.Button, new() { Name = "Delete message" })).ToHaveCountAsync(0);
        ann.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await ann.Message("Me!").GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await Expect(ben.Message("Deleted by Ann")).ToBeVisibleAsync();
        await Expect(cat.MyMessage("Deleted by Ann")).ToBeVisibleAsync();
        await Expect(ann.Message("Deleted by you")).ToBeVisibleAsync();

        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        var members = ann.Page.Locator("#group-members li");
        await Expect(members).ToHaveCountAsync(3);
        await Expect(members.Filter(new() { HasText = "Ann (you)" })).ToContainTextAsync("admin");
        await ann.Screenshot("group-members");
        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Remove Cat", Exact = true }).ClickAsync();
        await Expect(members).ToHaveCountAsync(2);
        // An announcement group: Ben, not an admin, may read but not write; the composer gives way to a notice.
        await ann.Page.GetByLabel("Only admins can send messages").CheckAsync();
        await Expect(ben.Page.Locator("#blocked")).ToHaveTextAsync("Only admins can send messages in this group.");
        await Expect(ben.Page.Locator("#composer")).ToBeHiddenAsync();
        await ann.Page.GetByLabel("Only admins can send messages").UncheckAsync();
        await Expect(ben.Page.Locator("#composer")).ToBeVisibleAsync();
        await ann.Page.Locator("#group-manage").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await Expect(cat.Conversation(title)).ToHaveCountAsync(0); // gone from the removed member's list
        await ann.Send("Just us two now");
        await Expect(ben.Message("Just us two now")).ToBeVisibleAsync();
        await Expect(ann.Page.Locator("#chat-status")).ToHaveTextAsync("2 members");
    }

    [Fact]
    public async Task Removing_the_browsers_device_signs_the_page_out()
    {
        var name = Unique("dora");
        var page = await browser.NewPage(server.Address);
        await page.SignUp(name, "Dora");
        var phone = server.NewApi();
        await phone.SignIn(name, ChatPage.Password, "phone");

        var browserDevice = (await phone.Devices()).Single(d => d.DeviceId.StartsWith("web-"));
        await phone.RemoveDevice(browserDevice.DeviceId);

        await Expect(page.Page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#app")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Forced_onto_long_polling_the_client_chats_and_reconnects_to_catch_up()
    {
        var (aliceName, bobName) = (Unique("alice"), Unique("bob"));
        var alice = await browser.NewPage(server.Address, "?transport=longpolling");
        var bob = await browser.NewPage(server.Address, "?transport=longpolling");
        var webSockets = 0;
        foreach (var page in new[] { alice.Page, bob.Page }) page.WebSocket += (_, _) => Interlocked.Increment(ref webSockets);
        var polls = 0;
        bob.Page.Request += (_, request) => { if (request.Url.Contains("/hubs/chat?id=") && request.Method == "GET") Interlocked.Increment(ref polls); };
        await alice.SignUp(aliceName, "Alice");
        await bob.SignUp(bobName, "Bob");

        await alice.StartChat(bobName);
        await alice.Send("Over long polling");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("1");
        await bob.Open("Alice");
        await bob.Send("Still works");
        await Expect(alice.Message("Still works")).ToBeVisibleAsync();
        await Expect(alice.MyMessage("Over long polling")).ToHaveAttributeAsync("data-status", "read");

        // Bob's network to the hub fails: his client notices, keeps retrying, and catches up once it is back.
        await bob.Page.RouteAsync("**/hubs/chat**", route => route.AbortAsync());
        await alice.Page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("."); // a typing push ends Bob's open poll
        await Expect(bob.Page.Locator("#connection")).ToHaveTextAsync(new Regex("Reconnecting|Offline"));
        await alice.Send("Sent while you were cut off");
        await alice.Send("And another");
        await bob.Page.UnrouteAllAsync();
        await Expect(bob.Page.Locator("#connection")).ToHaveTextAsync("");
        await Expect(bob.Message("Sent while you were cut off")).ToBeVisibleAsync();
        await Expect(bob.Message("And another")).ToBeVisibleAsync();
        await Expect(alice.MyMessage("And another")).ToHaveAttributeAsync("data-status", "read");

        webSockets.Should().Be(0);
        polls.Should().BeGreaterThan(2);
        await bob.Screenshot("long-polling-bob");
    }
}
