using Chat.Tests.Infrastructure;
using FluentAssertions;
using Npgsql;

namespace Chat.Tests.EndToEnd;

/// <summary>A server whose connections carry a name of their own, so a test can cut them without touching other hosts'.</summary>
public sealed class NamedConnectionsChatServer : ChatServer
{
    public string ApplicationName { get; } = $"chat-test-{Guid.NewGuid():N}"[..30];

    protected override string Schema { get; } = TestDatabase.PrivateSchema("conn");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { ApplicationName = ApplicationName }.ConnectionString,
    };
}

/// <summary>
/// The commit loop keeps one connection of its own (docs/adr/0002-group-commit.md): when PostgreSQL drops it, the
/// commit that meets the cut drops it too and is tried again on a fresh one, instead of failing forever or failing its
/// callers.
/// </summary>
public class WriterConnectionTests(NamedConnectionsChatServer server) : IClassFixture<NamedConnectionsChatServer>
{
    [Fact]
    public async Task After_the_database_cuts_the_servers_connections_sends_commit_again_once_each_and_in_order()
    {
        var (alice, _, conversationId) = await server.NewConversation();
        (await alice.Send(conversationId, "m0", "before the cut")).Sequence.Should().Be(1);

        await CutTheServersConnections();

        // No request fails: the commit loop retries its commit on a fresh connection, and Marten its reads on the pool's.
        var sequences = new List<long>();
        for (var i = 1; i <= 5; i++) sequences.Add((await alice.Send(conversationId, $"m{i}", $"after the cut {i}")).Sequence);

        sequences.Should().Equal(2, 3, 4, 5, 6);
        var history = await alice.AllMessages(conversationId);
        history.Select(m => m.ClientMessageId).Should().Equal("m0", "m1", "m2", "m3", "m4", "m5");
        // The async daemon lost its connections (its leader lock's among them) too, and carries on.
        var listed = await Eventually.Get(() => alice.Conversations(),
            l => l.SingleOrDefault(c => c.ConversationId == conversationId)?.LastSequence == 6);
        listed.Single(c => c.ConversationId == conversationId).LastSequence.Should().Be(6, "the conversation summaries catch up after the cut");
    }

    [Fact]
    public async Task A_send_whose_commit_meets_the_cut_connection_is_committed_on_a_fresh_one_without_the_client_retrying()
    {
        var (alice, _, conversationId) = await server.NewConversation();
        await using var hub = server.Connect(alice);
        await hub.Start();
        (await hub.Send(conversationId, "h0", "before the cut")).Sequence.Should().Be(1);

        await CutTheServersConnections();

        // The hub path reaches the commit loop without another query: its commit is the first to meet the cut.
        (await hub.Send(conversationId, "h1", "after the cut")).Sequence.Should().Be(2);
        (await hub.Send(conversationId, "h2", "and the next")).Sequence.Should().Be(3);
        var history = await alice.AllMessages(conversationId);
        history.Select(m => m.ClientMessageId).Should().Equal("h0", "h1", "h2");
    }

    private async Task CutTheServersConnections()
    {
        await using var admin = new NpgsqlConnection(TestDatabase.ConnectionString);
        await admin.OpenAsync();
        await using var cut = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = $1", admin)
        { Parameters = { new() { Value = server.ApplicationName } } };
        ((long)(await cut.ExecuteScalarAsync())!).Should().BeGreaterThan(0, "the server holds connections, the writer's among them");
    }
}
