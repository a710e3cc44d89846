using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>A read-only process beside a full one: same database, schema and signing key (docs/deployment.md).</summary>
public class RoleSplitTests(ChatServer server) : IClassFixture<ChatServer>
{
    private sealed class ReadOnlyServer(string dataDirectory) : ChatServer
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Chat:Roles"] = "read",
            ["Chat:DataDirectory"] = dataDirectory, // the writer's signing key
        };
    }

    [Fact]
    public async Task A_read_only_process_serves_queries_with_tokens_from_the_writer_and_no_commands()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        await alice.Send(conversationId, "c1", "written on the writer");

        await using var reader = new ReadOnlyServer(server.DataDirectory);
        await reader.InitializeAsync();
        var aliceOnReader = reader.NewApi();
        aliceOnReader.UseToken(alice.AccessToken!, alice.UserId);

        (await aliceOnReader.AllMessages(conversationId)).Single().Body.Should().Be("written on the writer");
        (await FluentActions.Awaiting(() => aliceOnReader.Messages(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>())
            .Which.Code.Should().Be("not_found");
        (await FluentActions.Awaiting(() => aliceOnReader.Send(conversationId, "c2", "no writes here")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(405, "the route exists for reading only");
    }
}
