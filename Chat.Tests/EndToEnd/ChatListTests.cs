using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>Pinned and archived conversations in the list (docs/adr/0022-archive-and-pin.md).</summary>
public class ChatListTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Pinned_conversations_lead_the_list_on_every_device_and_archived_ones_are_marked()
    {
        var alice = await server.NewUser("alice");
        var others = new List<ChatApi>();
        for (var i = 0; i < 4; i++) others.Add(await server.NewUser($"friend{i}"));
        var ids = new List<Guid>();
        foreach (var other in others)
        {
            var id = await alice.OpenDirect(other.UserId);
            await other.Send(id, "hi", $"hello from {ids.Count}");
            ids.Add(id);
        }
        await Eventually.Get(() => alice.Conversations(), c => c.Count == 4 && c.All(x => x.LastMessage is not null));

        await alice.Pin(ids[0]);
        await alice.Pin(ids[2]);
        await alice.Pin(ids[2]); // again: nothing more
        await alice.Archive(ids[1]);
        var phone = await server.OnDevice(alice, "phone");
        var list = await phone.Conversations();
        list.Select(c => c.ConversationId).Should().Equal(ids[2], ids[0], ids[3], ids[1]);
        list.Select(c => (c.Pinned, c.Archived)).Should().Equal((true, false), (true, false), (false, false), (false, true));

        await alice.Pin(ids[1]); // out of the archive
        var full = (await FluentActions.Awaiting(() => alice.Pin(ids[3])).Should().ThrowAsync<ChatApiException>()).Which;
        (full.Status, full.Code).Should().Be((409, "conflict"));
        await alice.Archive(ids[0]); // unpins it
        list = await alice.Conversations();
        list.Take(2).Select(c => c.ConversationId).Should().Equal(ids[1], ids[2]);
        list.Single(c => c.ConversationId == ids[0]).Should().Match<Chat.Contracts.ConversationListItem>(c => c.Archived && !c.Pinned);
        await alice.Archive(ids[0], archive: false);
        await alice.Pin(ids[2], pin: false);
        (await alice.Conversations()).Where(c => c.Pinned || c.Archived).Select(c => c.ConversationId).Should().Equal(ids[1]);

        var stranger = await server.NewUser("stranger");
        var refused = (await FluentActions.Awaiting(() => stranger.Pin(ids[3])).Should().ThrowAsync<ChatApiException>()).Which;
        (refused.Status, refused.Code).Should().Be((403, "forbidden"));
        (await FluentActions.Awaiting(() => alice.Archive(Guid.NewGuid())).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(404);
    }
}
