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

    [Fact]
    public async Task A_pin_archive_or_mute_on_one_device_reaches_the_users_other_devices_as_the_conversation_now_stands()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var laptop = await server.OnDevice(alice, "laptop");
        await using var phoneHub = server.Connect(await server.OnDevice(alice, "phone"));
        await using var bobHub = server.Connect(bob);
        var (phoneInbox, bobInbox) = (new Inbox(phoneHub), new Inbox(bobHub));
        await Task.WhenAll(phoneHub.Start(), bobHub.Start());

        await laptop.Pin(conversationId);
        await laptop.Pin(conversationId); // again: nothing changes, nothing is sent
        var until = DateTimeOffset.UtcNow.AddHours(8);
        await laptop.Mute(conversationId, until);
        await laptop.Archive(conversationId); // unpins it
        await laptop.Unmute(conversationId);

        var changes = await phoneInbox.WaitForListChanges(4);
        changes.Select(c => (c.ConversationId, c.Pinned, c.Archived, c.Muted)).Should().Equal(
            (conversationId, true, false, false), (conversationId, true, false, true), (conversationId, false, true, true), (conversationId, false, true, false));
        changes[1].MutedUntil.Should().BeCloseTo(until, TimeSpan.FromMilliseconds(1));
        changes[3].MutedUntil.Should().BeNull();
        changes.Select(c => c.Version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        await Task.Delay(300); // a fifth change, or one to Bob, would arrive now
        phoneInbox.ListChanges.Should().HaveCount(4);
        bobInbox.ListChanges.Should().BeEmpty("one user's list is theirs alone");
    }
}
