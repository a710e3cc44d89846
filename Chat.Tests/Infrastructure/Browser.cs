using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (its own browser download does not work here; build.ps1
/// installs the chromium package). One browser per test class; each user gets a context of their own.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHAT_CHROMIUM") ?? "/usr/bin/chromium";
    public static string ScreenshotDirectory { get; } = Path.Combine(TestDatabase.RepositoryRoot, "TestResults", "screenshots");

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: `build.ps1 test` installs it (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Without these Chromium keeps trying to reach Google's hosts, which this machine's network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser profile (its own local storage), as a second person on another computer.</summary>
    public async Task<ChatPage> NewPage(Uri server, string query = "", ViewportSize? viewport = null, string[]? permissions = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1100, Height = 720 },
            Permissions = permissions,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/" + query);
        return new ChatPage(page);
    }

    /// <summary>Alice and Bob sign up on pages of their own and Alice opens a chat with Bob.</summary>
    public async Task<(ChatPage Alice, ChatPage Bob)> AliceOpensAChatWithBob(Uri server)
    {
        var (aliceName, bobName) = ($"alice{Guid.NewGuid():N}"[..16], $"bob{Guid.NewGuid():N}"[..16]);
        var alice = await NewPage(server);
        var bob = await NewPage(server);
        await alice.SignUp(aliceName, "Alice");
        await bob.SignUp(bobName, "Bob");
        await alice.StartChat(bobName);
        await Expect(alice.Page.Locator("#chat-name")).ToHaveTextAsync("Bob");
        return (alice, bob);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
