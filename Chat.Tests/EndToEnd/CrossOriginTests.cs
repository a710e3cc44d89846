using System.Net;
using System.Net.Http.Headers;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

public sealed class CrossOriginChatServer : ChatServer
{
    public const string AllowedOrigin = "https://app.example.test";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:AllowedOrigins"] = AllowedOrigin,
    };
}

/// <summary>A team's web app on another origin calls the API and connects the hub; other origins cannot.</summary>
public class CrossOriginTests(CrossOriginChatServer server) : IClassFixture<CrossOriginChatServer>
{
    [Fact]
    public async Task A_listed_origin_may_call_the_api_and_negotiate_the_hub_and_reads_even_its_errors()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var preflight = await http.SendAsync(Preflight(CrossOriginChatServer.AllowedOrigin, "/api/conversations"));
        preflight.StatusCode.Should().Be(HttpStatusCode.NoContent);
        preflight.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be(CrossOriginChatServer.AllowedOrigin);
        preflight.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("authorization");

        // An error must reach the page too: without the header the browser hides the 401 and its problem body.
        using var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/api/conversations") { Headers = { { "Origin", CrossOriginChatServer.AllowedOrigin } } };
        var refused = await http.SendAsync(unauthorized);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be(CrossOriginChatServer.AllowedOrigin);

        var alice = await server.NewUser("alice");
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1")
        {
            Headers = { { "Origin", CrossOriginChatServer.AllowedOrigin } },
        };
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.AccessToken);
        var negotiated = await http.SendAsync(negotiate);
        negotiated.StatusCode.Should().Be(HttpStatusCode.OK);
        negotiated.Headers.GetValues("Access-Control-Allow-Credentials").Single().Should().Be("true", "SignalR's browser client negotiates with credentials");

        // A domain error goes through the exception handler, which clears the response: the header must survive it.
        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{Guid.NewGuid()}/messages")
        {
            Headers = { { "Origin", CrossOriginChatServer.AllowedOrigin } },
        };
        unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.AccessToken);
        var notFound = await http.SendAsync(unknown);
        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        notFound.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be(CrossOriginChatServer.AllowedOrigin);
    }

    [Fact]
    public async Task Another_origin_gets_no_permission()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var preflight = await http.SendAsync(Preflight("https://elsewhere.example.test", "/api/conversations"));
        preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private static HttpRequestMessage Preflight(string origin, string path) => new(HttpMethod.Options, path)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "GET" },
            { "Access-Control-Request-Headers", "authorization" },
        },
    };
}
