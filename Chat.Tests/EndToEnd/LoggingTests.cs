using System.Net;
using System.Net.Http.Headers;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// Logs say where a request failed, without ASP.NET Core's per-request hosting scope, which a hub connection would keep
/// for its whole life (docs/benchmarks.md, presence memory; docs/adr/0009-memory-per-idle-connection.md).
/// </summary>
public class LoggingTests(LoggingTests.Server server) : IClassFixture<LoggingTests.Server>
{
    public sealed class Server : ChatServer
    {
        public CapturedLogs Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.AspNetCore.Authentication"] = "Debug" };

        protected override void AddServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }

    [Fact]
    public async Task A_requests_log_lines_carry_its_method_and_path_and_no_hosting_scope_is_opened()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        var before = server.Logs.Entries.Count;

        (await http.GetAsync("/api/conversations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var rejected = BearerLinesSince(before).ToList();
        rejected.Should().NotBeEmpty("the bearer handler logs the token it could not validate");
        rejected.Should().OnlyContain(e => e.Scopes.Any(s => s.StartsWith("GET /api/conversations ")));
        server.Logs.Entries.SelectMany(e => e.Scopes).Should().NotContain(s => s.Contains("RequestPath:"),
            "hosting's own request scope is off");
    }

    [Fact]
    public async Task A_hub_connection_over_WebSockets_is_kept_in_no_request_scope()
    {
        var user = await server.NewUser("ws");
        await using var hub = server.Connect(user); // WebSockets without a negotiate request: the one request is the upgrade
        var before = server.Logs.Entries.Count;
        await hub.Start();

        var authenticated = BearerLinesSince(before).ToList();
        authenticated.Should().Contain(e => e.Message.Contains("successfully authenticated"),
            "the bearer handler logs (at Debug) the hub request it authenticated");
        authenticated.Should().NotContain(e => e.Scopes.Any(s => s.Contains(" /hubs/chat")),
            "a WebSocket request skips the plain requests' scope, which it would keep open as long as the connection");
    }

    private IEnumerable<LogEntry> BearerLinesSince(int count) => server.Logs.Entries.Skip(count).Where(e => e.Category.EndsWith("JwtBearerHandler"));
}
