using Chat.Domain.Conversations;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

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
}
