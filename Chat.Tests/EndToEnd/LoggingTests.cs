using System.Net;
using System.Net.Http.Headers;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// Logs say where a request failed, without ASP.NET Core's per-request hosting scope, which a hub connection would keep
/// for its whole life (docs/benchmarks.md, presence memory).
/// </summary>
public class LoggingTests(LoggingTests.Server server) : IClassFixture<LoggingTests.Server>
{
    public sealed class Server : ChatServer
    {
        public CapturedLogs Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.AspNetCore.Authentication"] = "Information" };

        protected override void AddServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }

    [Fact]
    public async Task A_requests_log_lines_carry_its_method_and_path_and_no_hosting_scope_is_opened()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        (await http.GetAsync("/api/conversations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var rejected = server.Logs.Entries.Where(e => e.Category.EndsWith("JwtBearerHandler")).ToList();
        rejected.Should().NotBeEmpty("the bearer handler logs the token it could not validate");
        rejected.Should().OnlyContain(e => e.Scopes.Any(s => s.StartsWith("GET /api/conversations ")));
        server.Logs.Entries.SelectMany(e => e.Scopes).Should().NotContain(s => s.Contains("RequestPath:"),
            "hosting's own request scope is off");
    }
}
