using Chat.Contracts;
using Chat.Server;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>A server with no async daemon anywhere (docs/deployment.md's roles, the projections role left out): summaries never come.</summary>
public sealed class NoDaemonChatServer : ChatServer
{
    protected override string Schema { get; } = TestDatabase.PrivateSchema("nodaemon");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Chat:Roles"] = "write,read" };
}

public class ConversationListTests(NoDaemonChatServer server) : IClassFixture<NoDaemonChatServer>
{
    [Fact]
    public async Task A_conversation_is_listed_as_soon_as_it_exists_even_while_its_summary_trails()
    {
        var (alice, bob, direct) = await server.NewConversation();
        var group = await bob.CreateGroup("plans", alice.UserId);
        await bob.Send(group, "g1", "are we on?");

        var listed = await alice.Conversations();

        listed.Select(c => c.ConversationId).Should().BeEquivalentTo([direct, group], "membership is in the roster at once");
        listed.Single(c => c.ConversationId == group).Should().Match<ConversationListItem>(c =>
            c.Kind == "group" && c.Title == "plans" && c.MemberIds.Count == 2 && c.LastMessage == null && c.UnreadCount == 0);
        listed.Single(c => c.ConversationId == direct).Kind.Should().Be("direct");
        (await alice.Messages(group)).Messages.Single().Body.Should().Be("are we on?", "history is inline, whatever the summary");
    }

    [Fact]
    public async Task Who_is_in_a_conversation_and_its_title_are_listed_as_they_stand_while_its_summary_trails()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        var group = await alice.CreateGroup("before", bob.UserId);
        await alice.Send(group, "g1", "hello");
        await ProjectionRebuild.Run(server.Services); // the summaries as they stand now; this host never updates them
        (await bob.Conversations()).Single().LastMessage!.Body.Should().Be("hello");

        await alice.RenameGroup(group, "after");
        await alice.AddMembers(group, carol.UserId);

        (await bob.Conversations()).Single().Should().Match<ConversationListItem>(c => c.Title == "after" && c.MemberIds.Count == 3
            && c.LastMessage!.Body == "hello", "the roster says who is in it and what it is called; the summary adds the last message");
        (await carol.Conversations()).Single().Title.Should().Be("after");
        await alice.RemoveMember(group, bob.UserId);
        (await bob.Conversations()).Should().BeEmpty();
    }
}
