using Chat.Tests.Infrastructure;
using FluentAssertions;
using Npgsql;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The shipped analytics consumer on the in-memory transport (the single-node default) across a stop: the transport
/// drops what it holds, so the daemon may record a page as published only once the consumer has committed it.
/// </summary>
public class AnalyticsRestartTests
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chat-analytics-").FullName;
    private readonly string _schema = TestDatabase.PrivateSchema("restart");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_sent_just_before_a_stop_or_a_crash_are_counted_once_after_the_restart(bool crash)
    {
        const int sent = 100;
        await using (var first = await ServerProcess.Start(_dataDirectory, _schema))
        {
            var (alice, bob) = (await first.NewUser("alice"), await first.NewUser("bob"));
            var conversationId = await alice.OpenDirect(bob.UserId);
            await Task.WhenAll(Enumerable.Range(0, sent).Select(i => alice.Send(conversationId, $"m{i}", $"message {i}")));
            await (crash ? first.Kill() : first.Stop());
        }

        await using var second = await ServerProcess.Start(_dataDirectory, _schema);
        // Once the publisher's progress reaches the last event, every page it recorded was consumed.
        var (published, last) = await Eventually.Get(PublishedAndLast, p => p.Published >= p.Last, TimeSpan.FromSeconds(60));
        published.Should().BeGreaterThanOrEqualTo(last);
        (await Scalar("select coalesce(sum((data->>'messagesSent')::int), 0) from {0}.mt_doc_activityminute"))
            .Should().Be(sent, "every message is counted, and counted once");
    }

    private async Task<(long Published, long Last)> PublishedAndLast() => (
        await Scalar("select coalesce(max(last_seq_id), 0) from {0}.mt_event_progression where name = 'IntegrationEventPublisher:All'"),
        await Scalar("select coalesce(max(seq_id), 0) from {0}.mt_events"));

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(sql, _schema), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
