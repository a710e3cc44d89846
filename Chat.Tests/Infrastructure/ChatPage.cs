using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Infrastructure;

/// <summary>The web client as a person uses it, through its labelled controls (a page object).</summary>
public sealed class ChatPage(IPage page)
{
    public const string Password = "correct-horse-battery";

    static ChatPage() => SetDefaultExpectTimeout(20_000);

    public IPage Page => page;

    /// <summary>Who signed up or in on this page.</summary>
    public string? Username { get; private set; }

    public async Task SignUp(string username, string displayName)
    {
        var form = page.Locator("#sign-up");
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Display name").FillAsync(displayName);
        await form.GetByLabel("Password").FillAsync(Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page.Locator("#me")).ToHaveTextAsync(displayName);
        Username = username;
    }

    public async Task SignIn(string username)
    {
        var form = page.Locator("#sign-in");
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Password").FillAsync(Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        Username = username;
    }

    public async Task StartChat(string username)
    {
        await page.GetByLabel("Start a chat with username").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        await Expect(page.Locator("#chat-view")).ToBeVisibleAsync();
    }

    public async Task CreateGroup(string title, params string[] usernames)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New group" }).ClickAsync();
        var dialog = page.Locator("#group-create");
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Members").FillAsync(string.Join(", ", usernames));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator("#chat-name")).ToHaveTextAsync(title);
    }

    public async Task Open(string conversationName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open {conversationName}" }).ClickAsync();
        await Expect(page.Locator("#chat-name")).ToHaveTextAsync(conversationName);
    }

    /// <summary>Types and sends with the keyboard (Enter), as the composer promises.</summary>
    public async Task Send(string text)
    {
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
    }

    /// <summary>Picks a file with the composer's attach control, as a person choosing one from their device.</summary>
    public Task Attach(string name, string mimeType, byte[] content) =>
        page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = content });

    public ILocator Conversation(string name) => page.Locator("li.conversation", new() { Has = page.GetByText(name, new() { Exact = true }) });

    public ILocator UnreadBadge(string conversationName) => Conversation(conversationName).Locator(".badge");

    public ILocator MyMessage(string text) => page.Locator("li.message.mine", new() { HasText = text });

    public ILocator Message(string text) => page.Locator("li.message", new() { HasText = text });

    public ILocator Messages => page.Locator("li.message .body");

    /// <summary>Kept under TestResults/screenshots as an artifact of the run.</summary>
    public Task Screenshot(string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotDirectory, $"{name}.png") });
}
