using System.Net;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>A server exposing /metrics (Chat:Metrics:Enabled) to the networks given, loopback unless told otherwise.</summary>
public class MetricsChatServer : ChatServer
{
    public string? AllowedNetworks { get; init; }

    protected override IReadOnlyDictionary<string, string> Settings => AllowedNetworks is null
        ? new Dictionary<string, string> { ["Chat:Metrics:Enabled"] = "true" }
        : new Dictionary<string, string> { ["Chat:Metrics:Enabled"] = "true", ["Chat:Metrics:AllowedNetworks"] = AllowedNetworks };
}

public class MetricsTests(MetricsChatServer server) : IClassFixture<MetricsChatServer>
{
    [Fact]
    public async Task A_scraper_on_an_allowed_network_reads_the_commit_loop_the_connections_and_the_pool_without_a_token()
    {
        await using var pair = await ConnectedPair.Open(server);
        await pair.AliceHub.Send(pair.ConversationId, "m1", "counted");
        using var http = new HttpClient { BaseAddress = server.Address };

        // The exporter reads the meters when scraped and caches a scrape briefly: ask until the send is in.
        var text = await Eventually.Get(() => http.GetStringAsync("/metrics"), t => t.Contains("chat_writer_messages"));
        text.Should().Contain("chat_writer_commit_duration").And.Contain("chat_writer_batch_size", "the commit loop's meter");
        text.Should().Contain("signalr_server_active_connections", "SignalR's connections");
        text.Should().Contain("http_server_request_duration", "ASP.NET Core's requests");
        text.Should().Contain("db_client_connections_usage", "Npgsql's pool");
    }

    [Fact]
    public async Task A_caller_outside_the_allowed_networks_gets_no_metrics()
    {
        await using var elsewhere = new MetricsChatServer { AllowedNetworks = "10.0.0.0/8" };
        await elsewhere.InitializeAsync();
        using var http = new HttpClient { BaseAddress = elsewhere.Address };
        var response = await http.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "it goes on to the API, which wants a token");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("chat_writer");
    }
}
