using System.Text.Json;
using Chat.Contracts;
using Chat.Contracts.Integration;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>History replay for audit (docs/protocol.md, "Audit"): the store's events, read-only, for auditors only.</summary>
public class AuditFeedTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task An_auditor_replays_a_conversation_page_by_page_and_finds_it_in_the_whole_store_in_the_same_order_without_secrets()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        foreach (var body in new[] { "one", "two", "three" }) await alice.Send(conversationId, body, body);
        await bob.Receipt(conversationId, "read", 3);
        await bob.RegisterPushToken("fcm", "bobs-secret-token");
        await bob.ChangePassword("correct-horse-battery", "bobs-new-password");
        var auditor = await server.Auditor();

        var stream = await ReadAll(after => auditor.AuditStream(conversationId, after, limit: 2));
        stream.Select(e => e.Type).Should().Equal("direct_conversation_opened", "message_sent", "message_sent", "message_sent", "messages_read");
        stream.Where(e => e.Type == "message_sent").Select(e => e.Data.GetProperty("body").GetString()).Should().Equal("one", "two", "three");
        stream.Select(e => e.StreamId).Should().AllBeEquivalentTo(conversationId);
        stream.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        // The whole store from just before the conversation's first event: the same events in the same order, once the
        // daemon's high-water mark has passed the last of them.
        var whole = await Eventually.Get(
            () => ReadAll(after => auditor.AuditEvents(after, limit: 1_000), from: stream[0].Sequence - 1),
            events => events.Any(e => e.Sequence == stream[^1].Sequence), TimeSpan.FromSeconds(30));
        whole.Where(e => e.StreamId == conversationId).Select(e => e.EventId).Should().Equal(stream.Select(e => e.EventId));
        whole.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        var bobs = await ReadAll(after => auditor.AuditStream(bob.UserId, after));
        var registered = bobs.Single(e => e.Type == "user_registered").Data;
        registered.GetProperty("username").GetString().Should().Be(bob.Username);
        registered.TryGetProperty("passwordHash", out _).Should().BeFalse("an auditor never needs a password's hash");
        bobs.Single(e => e.Type == "push_token_registered").Data.TryGetProperty("token", out _).Should().BeFalse();
        bobs.Single(e => e.Type == "password_changed").Data.TryGetProperty("passwordHash", out _).Should().BeFalse();
        bobs.Should().NotContain(e => e.Data.GetRawText().Contains("bobs-secret-token"));
    }

    [Fact]
    public async Task Only_auditors_read_it_and_bad_paging_gets_field_errors()
    {
        var (alice, _, conversationId) = await server.NewConversation();
        var op = await server.Operator();
        foreach (var notAnAuditor in new[] { alice, op })
        {
            await Refused(() => notAnAuditor.AuditEvents(), 403, "forbidden");
            await Refused(() => notAnAuditor.AuditStream(conversationId), 403, "forbidden");
        }
        await Refused(() => server.NewApi().AuditEvents(), 401, "unauthorized");

        var auditor = await server.Auditor();
        await Refused(() => auditor.AuditEvents(limit: 0), 400, "validation_failed");
        await Refused(() => auditor.AuditEvents(limit: 1_001), 400, "validation_failed");
        await Refused(() => auditor.AuditStream(conversationId, after: -1), 400, "validation_failed");
        await Refused(() => auditor.AuditStream(Guid.NewGuid()), 404, "not_found");
        var past = await auditor.AuditStream(conversationId, after: long.MaxValue - 1);
        (past.Events.Count, past.Next).Should().Be((0, long.MaxValue - 1), "past the end: nothing yet, ask again from the same place");
    }

    private static async Task<List<ChatEventV1>> ReadAll(Func<long, Task<AuditPage>> page, long from = 0)
    {
        var events = new List<ChatEventV1>();
        for (var after = from; ;)
        {
            var next = await page(after);
            if (next.Events.Count == 0) return events;
            events.AddRange(next.Events);
            after = next.Next;
        }
    }
}
