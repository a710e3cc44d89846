using System.Text.Json;
using Chat.Contracts;
using Chat.Domain.Conversations;
using Chat.Projections.Accounts;
using Chat.Projections.Delivery;
using Chat.Projections.History;
using Chat.Projections.Summaries;
using Chat.Server;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>A server on a schema of its own, without the async daemon, so a rebuild disturbs no other test.</summary>
public sealed class IsolatedChatServer : ChatServer
{
    protected override string Schema { get; } = $"chat_rebuild_{Guid.NewGuid():N}"[..24];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Chat:Roles"] = "write,read" };
}

public class RebuildTests(IsolatedChatServer server) : IClassFixture<IsolatedChatServer>
{
    [Fact]
    public async Task Rebuilding_the_projections_reproduces_the_same_read_models()
    {
        var alice = await server.NewUser("alice");
        var bob = await server.NewUser("bob");
        var carol = await server.NewUser("carol");
        var withBob = await alice.OpenDirect(bob.UserId);
        var withCarol = await carol.OpenDirect(alice.UserId);
        for (var i = 0; i < 30; i++) await (i % 3 == 0 ? bob : alice).Send(withBob, $"b{i}", $"to bob {i}");
        for (var i = 0; i < 10; i++) await alice.Send(withCarol, $"c{i}", $"to carol {i}");
        await bob.Receipt(withBob, ReceiptKind.Delivered, 30);
        await bob.Receipt(withBob, ReceiptKind.Read, 20);
        await carol.Receipt(withCarol, ReceiptKind.Read, 5);
        var group = await alice.CreateGroup("Rebuilt", bob.UserId, carol.UserId);
        await alice.Send(group, "g1", "to the group");
        await alice.RemoveMember(group, carol.UserId);
        await alice.RenameGroup(group, "Rebuilt, renamed");
        await bob.Send(group, "g2", "after carol left");
        await alice.AddMembers(group, carol.UserId);
        await bob.Receipt(group, ReceiptKind.Read, 1);

        var store = server.Services.GetRequiredService<IDocumentStore>();
        var written = await Snapshot(store);
        await ProjectionRebuild.Run(server.Services); // also builds the async summaries this host does not run
        var rebuilt = await Snapshot(store);

        rebuilt.Keys.Should().BeEquivalentTo(written.Keys);
        foreach (var inline in new[] { nameof(Conversation), nameof(ChatMessage), nameof(PendingDeliveries), nameof(UserAccount) })
            rebuilt[inline].Should().Equal(written[inline], $"the inline {inline} documents written live equal the rebuilt ones");
        rebuilt[nameof(ChatMessage)].Should().HaveCount(42);
        (await alice.Conversations()).Should().HaveCount(3);
        (await bob.Conversations()).Single(c => c.ConversationId == withBob).UnreadCount.Should().Be(7,
            "messages 21-30 minus bob's own 22, 25 and 28");
        (await carol.Conversations()).Single(c => c.ConversationId == withCarol).UnreadCount.Should().Be(5);
        var rejoined = (await carol.Conversations()).Single(c => c.ConversationId == group);
        (rejoined.Title, rejoined.UnreadCount).Should().Be(("Rebuilt, renamed", 0L), "carol rejoined after the last message");

        foreach (var type in new[] { typeof(Conversation), typeof(ChatMessage), typeof(PendingDeliveries), typeof(UserAccount), typeof(ConversationSummary) })
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
        (await Snapshot(store))[nameof(ChatMessage)].Should().BeEmpty();

        await ProjectionRebuild.Run(server.Services);
        var again = await Snapshot(store);
        foreach (var (name, documents) in rebuilt) again[name].Should().Equal(documents, $"{name} is rebuilt from the events alone");
    }

    private static async Task<Dictionary<string, List<string>>> Snapshot(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return new()
        {
            [nameof(Conversation)] = Json(await session.Query<Conversation>().ToListAsync(), d => d.Id),
            [nameof(ChatMessage)] = Json(await session.Query<ChatMessage>().ToListAsync(), d => d.Id),
            [nameof(PendingDeliveries)] = Json(await session.Query<PendingDeliveries>().ToListAsync(), d => d.Id),
            [nameof(UserAccount)] = Json(await session.Query<UserAccount>().ToListAsync(), d => d.Id),
            [nameof(ConversationSummary)] = Json(await session.Query<ConversationSummary>().ToListAsync(), d => d.Id),
        };
    }

    private static List<string> Json<T>(IEnumerable<T> documents, Func<T, Guid> id) =>
        documents.OrderBy(id).Select(d => JsonSerializer.Serialize(d)).ToList();
}
