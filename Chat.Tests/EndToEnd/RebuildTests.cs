using System.Text.Json;
using Chat.Contracts;
using Chat.Domain.Conversations;
using Chat.Projections.Accounts;
using Chat.Projections.Attachments;
using Chat.Projections.Notifications;
using Chat.Projections.Conversations;
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
    protected override string Schema { get; } = TestDatabase.PrivateSchema("rebuild");

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
        var (edited, deleted) = (await alice.Send(withCarol, "c-edit", "typo"), await alice.Send(withCarol, "c-delete", "oops"));
        await alice.Edit(withCarol, edited.MessageId, "no typo");
        await alice.Delete(withCarol, deleted.MessageId);
        await carol.React(withCarol, edited.MessageId, "\U0001F44D");
        await alice.React(withCarol, edited.MessageId, "\U0001F602");
        await alice.React(withCarol, edited.MessageId, null);
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
        await bob.UploadAttachment(withBob, new MemoryStream([1, 2, 3]), "image/jpeg");
        await bob.RegisterPushToken("fcm", "bob-token");
        await carol.RegisterPushToken("apns", "carol-token");
        await carol.RemovePushToken();
        await alice.Pin(withCarol);
        await alice.Archive(withBob);
        await alice.SetSendPolicy(group, true);
        var invite = await alice.CreateInvite(group);
        var dora = await server.NewUser("dora");
        await dora.JoinByInvite(invite);
        await dora.SetAvatar(Convert.FromBase64String( // a 1 x 1 PNG
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), "image/png");
        await dora.DeleteAccount("correct-horse-battery"); // leaves the group; her masked username must not clash on replay
        var eve = await server.NewUser("eve");
        await eve.DeleteAccount("correct-horse-battery");
        var op = await server.Operator();
        await op.Suspend(carol.UserId, "suspended, then back");
        await op.Reinstate(carol.UserId);
        await op.Suspend((await server.NewUser("frank")).UserId, "still suspended");
        // Masked as AccountErasure masks them (this host runs no subscriptions): two accounts' usernames become "deleted-…".
        await server.Services.GetRequiredService<IDocumentStore>().Advanced
            .ApplyEventDataMasking(m => m.IncludeStream(dora.UserId).IncludeStream(eve.UserId));

        var store = server.Services.GetRequiredService<IDocumentStore>();
        var written = await Snapshot(store);
        await ProjectionRebuild.Run(server.Services); // also builds the async summaries this host does not run
        var rebuilt = await Snapshot(store);

        rebuilt.Keys.Should().BeEquivalentTo(written.Keys);
        foreach (var inline in new[] { nameof(ConversationRoster), nameof(ConversationHead), nameof(MemberDelivery), nameof(ChatMessage), nameof(UserAccount), nameof(AttachmentInfo), nameof(UserPushTargets), nameof(UserChatList) })
            rebuilt[inline].Should().Equal(written[inline], $"the inline {inline} documents written live equal the rebuilt ones");
        rebuilt[nameof(ChatMessage)].Should().HaveCount(44);
        rebuilt[nameof(ChatMessage)].Should().Contain(m => m.Contains("\"Body\":\"no typo\"") && m.Contains("\"RevisionSequence\":17")
                && m.Contains($"\"Reactions\":{{\"{carol.UserId}\":"))
            .And.Contain(m => m.Contains("\"ClientMessageId\":\"c-delete\",\"Body\":\"\"") && m.Contains("\"RevisionSequence\":14"));
        (await alice.Conversations()).Should().HaveCount(3);
        (await bob.Conversations()).Single(c => c.ConversationId == withBob).UnreadCount.Should().Be(7,
            "messages 21-30 minus bob's own 22, 25 and 28");
        (await carol.Conversations()).Single(c => c.ConversationId == withCarol).UnreadCount.Should().Be(7,
            "messages 6-12 (the deleted one is still a message, shown as deleted); the edit and the deletion are not");
        var rejoined = (await carol.Conversations()).Single(c => c.ConversationId == group);
        (rejoined.Title, rejoined.UnreadCount).Should().Be(("Rebuilt, renamed", 0L), "carol rejoined after the last message");

        foreach (var type in new[] { typeof(ConversationRoster), typeof(ConversationHead), typeof(MemberDelivery), typeof(ChatMessage), typeof(UserAccount), typeof(AttachmentInfo), typeof(UserPushTargets), typeof(UserChatList), typeof(ConversationSummary) })
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
        (await Snapshot(store))[nameof(ChatMessage)].Should().BeEmpty();
        (await Snapshot(store))[nameof(AttachmentInfo)].Should().BeEmpty();
        (await Snapshot(store))[nameof(UserPushTargets)].Should().BeEmpty();

        await ProjectionRebuild.Run(server.Services);
        var again = await Snapshot(store);
        foreach (var (name, documents) in rebuilt) again[name].Should().Equal(documents, $"{name} is rebuilt from the events alone");
    }

    [Fact]
    public async Task The_write_model_read_back_from_its_documents_equals_the_fold_of_its_events()
    {
        var (alice, bob, carol) = (await server.NewUser("alice"), await server.NewUser("bob"), await server.NewUser("carol"));
        await using var bobPhone = server.Connect(await server.OnDevice(bob, "phone"));
        await bobPhone.Start();
        var group = await alice.CreateGroup("Folded", bob.UserId, carol.UserId);
        for (var i = 1; i <= 6; i++) await (i % 2 == 0 ? bob : alice).Send(group, $"f{i}", $"message {i}");
        await bobPhone.AckDelivered(group, 5);
        await carol.Receipt(group, ReceiptKind.Read, 3);
        await alice.SetAdmin(group, bob.UserId, true);
        await alice.RemoveMember(group, carol.UserId);
        await alice.Send(group, "f7", "after carol left");
        await alice.AddMembers(group, carol.UserId);
        var direct = await alice.OpenDirect(bob.UserId);
        await bob.Send(direct, "d1", "hello");
        await alice.Receipt(direct, ReceiptKind.Read, 1);

        var store = server.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        foreach (var id in new[] { group, direct })
        {
            var folded = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).Aggregate((Conversation?)null, Conversation.Evolve)!;
            var stored = await ConversationState.Load(session, id, CancellationToken.None);
            stored.Should().BeEquivalentTo(folded, o => o.WithStrictOrderingFor(c => c.Members), "the writer decides on either, depending on its cache");
        }
    }

    private static async Task<Dictionary<string, List<string>>> Snapshot(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return new()
        {
            [nameof(ConversationRoster)] = Json(await session.Query<ConversationRoster>().ToListAsync(), d => d.Id),
            [nameof(ConversationHead)] = Json(await session.Query<ConversationHead>().ToListAsync(), d => d.Id),
            [nameof(MemberDelivery)] = Json(await session.Query<MemberDelivery>().ToListAsync(), d => d.Id),
            [nameof(ChatMessage)] = Json(await session.Query<ChatMessage>().ToListAsync(), d => d.Id),
            [nameof(UserAccount)] = Json(await session.Query<UserAccount>().ToListAsync(), d => d.Id),
            [nameof(AttachmentInfo)] = Json(await session.Query<AttachmentInfo>().ToListAsync(), d => d.Id),
            [nameof(UserPushTargets)] = Json(await session.Query<UserPushTargets>().ToListAsync(), d => d.Id),
            [nameof(UserChatList)] = Json(await session.Query<UserChatList>().ToListAsync(), d => d.Id),
            [nameof(ConversationSummary)] = Json(await session.Query<ConversationSummary>().ToListAsync(), d => d.Id),
        };
    }

    private static List<string> Json<T, TId>(IEnumerable<T> documents, Func<T, TId> id) =>
        documents.OrderBy(id).Select(d => JsonSerializer.Serialize(d)).ToList();
}
