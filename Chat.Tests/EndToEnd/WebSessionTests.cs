using System.Text.Json;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.EndToEnd;

/// <summary>A server whose tokens last six seconds, so a browser session lives through several of them in one test.</summary>
public sealed class ShortTokenChatServer : ChatServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Jwt:LifetimeMinutes"] = "0.1",
    };
}

public class WebSessionTests(ShortTokenChatServer server, Browser browser) : IClassFixture<ShortTokenChatServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_web_client_refreshes_its_token_and_stays_signed_in_past_the_first_ones_expiry()
    {
        var page = await browser.NewPage(server.Address);
        await page.SignUp($"web{Guid.NewGuid():N}"[..16], "Walt");
        var first = await Session(page);

        // Refreshed half-way through each six-second token: after ten seconds the page holds a later one, and a reload,
        // which shows the sign-in form once the saved token has expired, opens the app.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var later = await Session(page);
        later.GetProperty("accessToken").GetString().Should().NotBe(first.GetProperty("accessToken").GetString());
        later.GetProperty("expiresAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow);
        first.GetProperty("expiresAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);

        await page.Page.ReloadAsync();
        await Expect(page.Page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#me")).ToHaveTextAsync("Walt");
    }

    [Fact]
    public async Task The_page_forbids_other_origins_and_framing()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var page = await http.GetAsync("/");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'");
        page.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
    }

    private static async Task<JsonElement> Session(ChatPage page) =>
        JsonDocument.Parse(await page.Page.EvaluateAsync<string>("() => localStorage.getItem('chat.session')")).RootElement;
}
