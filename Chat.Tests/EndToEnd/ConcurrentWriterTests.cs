using Chat.Domain.Conversations;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The writer decides on its cached copy of a conversation; another writer (a node that took the conversation over
/// while this one was slow to answer) may append behind its back (docs/adr/0008-member-state-off-the-message-path.md).
/// </summary>
public class ConcurrentWriterTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task A_send_after_another_writer_appended_is_decided_again_on_the_stream_as_it_is_and_gets_the_next_sequence()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        (await alice.Send(conversationId, "a1", "first")).Sequence.Should().Be(1);

        await using (var elsewhere = server.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            // Opened and one message make version 2; this append takes it to 3.
            elsewhere.Events.Append(conversationId, 3,
                new MessageSent(conversationId, Guid.NewGuid(), bob.UserId, "elsewhere", 2, "from another node", DateTimeOffset.UtcNow));
            await elsewhere.SaveChangesAsync();
        }

        (await alice.Send(conversationId, "a2", "second")).Sequence.Should().Be(3, "the writer's copy was one message behind");
        (await alice.AllMessages(conversationId)).Select(m => (m.Sequence, m.ClientMessageId))
            .Should().Equal((1L, "a1"), (2L, "elsewhere"), (3L, "a2"));
    }

    [Fact]
    public async Task Two_writers_pipelining_sends_into_one_conversation_both_get_every_send_committed_in_the_order_given()
    {
        // Two nodes that disagree on the live set for a heartbeat both think they own the conversation.
        var (alice, bob, conversationId) = await server.NewConversation();
        var services = server.Services;
        var own = services.GetRequiredService<ConversationWriter>();
        using var otherCache = new WriteModelCache();
        var other = new ConversationWriter(services.GetRequiredService<IDocumentStore>(), otherCache, services.GetRequiredService<Delivery>(),
            NullLogger<ConversationWriter>.Instance);
        await other.StartAsync(CancellationToken.None);
        try
        {
            Task<WriteOutcome> Send(ConversationWriter writer, Guid sender, string clientMessageId) => writer.Submit(
                new SendMessage(conversationId, sender, ConversationIds.Message(sender, clientMessageId), clientMessageId, clientMessageId, DateTimeOffset.UtcNow),
                CancellationToken.None);
            // Sends trickle in, as from a connection, so each writer commits many small batches that race the other's.
            async Task<List<long>> Pipeline(ConversationWriter writer, Guid sender, string prefix)
            {
                var sends = new List<Task<WriteOutcome>>();
                for (var i = 1; i <= 150; i++)
                {
                    sends.Add(Send(writer, sender, $"{prefix}{i}"));
                    await Task.Delay(1);
                }
                return (await Task.WhenAll(sends)).Select(o => o.Message!.Sequence).ToList();
            }
            var both = await Task.WhenAll(Pipeline(own, alice.UserId, "a"), Pipeline(other, bob.UserId, "b"));
            var (aliceSequences, bobSequences) = (both[0], both[1]);

            aliceSequences.Should().BeInAscendingOrder();
            bobSequences.Should().BeInAscendingOrder();
            aliceSequences.Concat(bobSequences).Order().Should().Equal(Enumerable.Range(1, 300).Select(i => (long)i));
        }
        finally
        {
            await other.StopAsync(CancellationToken.None);
        }
    }
}
