using Chat.Client;
using Chat.Contracts;
using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.EndToEnd;

/// <summary>A server whose throwaway users hash passwords cheaply, so a test can register a thousand of them.</summary>
public sealed class ManyUsersChatServer : ChatServer
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Accounts:PasswordHashIterations"] = "1000",
    };

    public async Task<ChatApi[]> NewUsers(int count, string prefix)
    {
        var users = new List<ChatApi>();
        for (var start = 0; start < count; start += 25)
            users.AddRange(await Task.WhenAll(Enumerable.Range(start, Math.Min(25, count - start)).Select(_ => NewUser(prefix))));
        return [.. users];
    }
}

public class GroupTests(ManyUsersChatServer server) : IClassFixture<ManyUsersChatServer>
{
    [Fact]
    public async Task Fifty_members_get_every_message_once_in_order_with_per_member_receipts()
    {
        var users = await server.NewUsers(50, "member");
        var admin = users[0];
        var groupId = await admin.CreateGroup("Fifty", [.. users.Skip(1).Select(u => u.UserId)]);
        var connections = users.Select(u => server.Connect(u)).ToArray();
        var inboxes = connections.Select(c => new Inbox(c)).ToArray();
        await Task.WhenAll(connections.Select(c => c.Start()));

        var sent = new List<SendMessageResult>();
        for (var i = 0; i < 10; i++) sent.Add(await connections[0].Send(groupId, $"admin-{i}", $"from admin {i}"));
        for (var i = 0; i < 5; i++) sent.Add(await connections[7].Send(groupId, $"seven-{i}", $"from seven {i}"));

        for (var i = 0; i < users.Length; i++)
        {
            var expected = sent.Where((_, n) => i == 0 ? n >= 10 : i == 7 ? n < 10 : true).Select(s => s.Sequence).ToList();
            var received = await inboxes[i].WaitForMessages(expected.Count);
            received.Select(m => m.Sequence).Should().Equal(expected, $"member {i} gets each message once, in order");
        }

        var last = sent[9]; // the admin's last message
        await Task.WhenAll(connections.Skip(1).Select(c => c.AckDelivered(groupId, sent[^1].Sequence)));
        await Task.WhenAll(connections.Skip(1).Take(25).Select(c => c.MarkRead(groupId, last.Sequence)));
        var receipts = await admin.Receipts(groupId, last.MessageId);
        receipts.Members.Should().HaveCount(49).And.OnlyContain(m => m.Delivered);
        receipts.Members.Count(m => m.Read).Should().Be(25);
        receipts.Status.Should().Be(MessageStatus.Delivered, "delivered to all, not yet read by all");

        await Task.WhenAll(connections.Skip(26).Select(c => c.MarkRead(groupId, last.Sequence)));
        (await admin.Receipts(groupId, last.MessageId)).Status.Should().Be(MessageStatus.Read);
        (await admin.Messages(groupId, after: 9, limit: 1)).Messages.Single().Status.Should().Be(MessageStatus.Read);
        foreach (var c in connections) await c.DisposeAsync();
    }

    [Fact]
    public async Task A_members_receipt_reaches_the_members_whose_messages_it_newly_covers_not_the_whole_group()
    {
        var users = await server.NewUsers(4, "receipts");
        var (admin, bob, carol, dave) = (users[0], users[1], users[2], users[3]);
        var groupId = await admin.CreateGroup("Receipts", bob.UserId, carol.UserId, dave.UserId);
        var connections = users.Select(u => server.Connect(u)).ToArray();
        var inboxes = connections.Select(c => new Inbox(c)).ToArray();
        await Task.WhenAll(connections.Select(c => c.Start()));

        var first = await connections[0].Send(groupId, "a1", "from the admin");
        await connections[2].MarkRead(groupId, first.Sequence);
        (await inboxes[0].WaitForReceipt(ReceiptKind.Read, first.Sequence)).Should().ContainSingle(r => r.UserId == carol.UserId);

        var second = await connections[1].Send(groupId, "b1", "from bob");
        await connections[2].MarkRead(groupId, second.Sequence);
        (await inboxes[1].WaitForReceipt(ReceiptKind.Read, second.Sequence)).Should().ContainSingle(r => r.UserId == carol.UserId);

        // Pushes to a connection keep their commit order: had the first receipt gone to bob, it would be here already.
        inboxes[1].Receipts.Should().OnlyContain(r => r.UpToSequence == second.Sequence, "the first receipt covered nothing of bob's");
        inboxes[0].Receipts.Where(r => r.Kind == ReceiptKind.Read).Should().OnlyContain(r => r.UpToSequence == first.Sequence,
            "the second receipt covered nothing new of the admin's");
        await connections[0].Send(groupId, "a2", "the admin again"); // a push after the receipts: dave has had everything meant for him
        await inboxes[3].WaitForMessages(3);
        inboxes[3].Receipts.Should().BeEmpty("dave wrote nothing");
        foreach (var c in connections) await c.DisposeAsync();
    }

    [Fact]
    public async Task A_send_rewrites_no_document_whose_size_grows_with_the_members_and_a_receipt_only_the_readers_own()
    {
        var users = await server.NewUsers(20, "sizes");
        var groupId = await users[0].CreateGroup("Sizes", [.. users.Skip(1).Select(u => u.UserId)]);
        await users[0].Send(groupId, "s1", "first");
        var before = await LastWritten(groupId, users);

        await users[0].Send(groupId, "s2", "second");
        await users[3].Receipt(groupId, ReceiptKind.Read, 2);
        var after = await LastWritten(groupId, users);

        after.Roster.Should().Be(before.Roster, "membership did not change");
        after.Members.Where((_, i) => i != 3).Should().Equal(before.Members.Where((_, i) => i != 3), "only the reader's document changed");
        after.Members[3].Should().BeAfter(before.Members[3]);
    }

    /// <summary>When the group's roster and each member's delivery document were last written.</summary>
    private async Task<(DateTimeOffset Roster, DateTimeOffset[] Members)> LastWritten(Guid groupId, ChatApi[] users)
    {
        await using var session = server.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var roster = (await session.MetadataForAsync((await session.LoadAsync<ConversationRoster>(groupId))!))!.LastModified;
        var members = new DateTimeOffset[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            var member = await session.LoadAsync<MemberDelivery>(MemberDelivery.Key(groupId, users[i].UserId));
            members[i] = (await session.MetadataForAsync(member!))!.LastModified;
        }
        return (roster, members);
    }

    [Fact]
    public async Task A_removed_member_stops_receiving_and_an_added_member_sees_from_the_join_on()
    {
        var (admin, leaver, joiner) = (await server.NewUser("admin"), await server.NewUser("leaver"), await server.NewUser("joiner"));
        var groupId = await admin.CreateGroup("Comings and goings", leaver.UserId);
        await using var leaverHub = server.Connect(leaver);
        var leaverInbox = new Inbox(leaverHub);
        await leaverHub.Start();

        await admin.Send(groupId, "before-1", "before");
        await leaverInbox.WaitForMessages(1);
        await admin.RemoveMember(groupId, leaver.UserId);
        await admin.AddMembers(groupId, joiner.UserId);
        var afterJoin = await admin.Send(groupId, "after-1", "after");

        await using var joinerHub = server.Connect(joiner);
        var joinerInbox = new Inbox(joinerHub);
        await joinerHub.Start();
        (await joinerInbox.WaitForMessages(1)).Select(m => m.MessageId).Should().Equal(afterJoin.MessageId);
        await Task.Delay(300);
        leaverInbox.Messages.Select(m => m.ClientMessageId).Should().Equal("before-1");
        leaverInbox.Updates.Should().Contain(u => u.Members.All(m => m.UserId != leaver.UserId), "the removed member learns it is out");

        (await joiner.AllMessages(groupId)).Select(m => m.MessageId).Should().Equal(afterJoin.MessageId);
        (await joiner.Messages(groupId, before: 10)).Messages.Should().ContainSingle("the history before the join stays hidden");
        (await FluentActions.Awaiting(() => leaver.Messages(groupId)).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(403);
        (await FluentActions.Awaiting(() => leaver.Send(groupId, "x", "let me back")).Should().ThrowAsync<ChatApiException>())
            .Which.Status.Should().Be(403);

        var details = await admin.Conversation(groupId);
        details.Kind.Should().Be("group");
        details.Title.Should().Be("Comings and goings");
        details.Members.Should().BeEquivalentTo([new MemberView(admin.UserId, "admin"), new MemberView(joiner.UserId, "member")]);
    }

    [Fact]
    public async Task Only_admins_manage_and_members_may_leave()
    {
        var (admin, alice, bob) = (await server.NewUser("admin"), await server.NewUser("alice"), await server.NewUser("bob"));
        var outsider = await server.NewUser("outsider");
        var groupId = await admin.CreateGroup("Rules", alice.UserId, bob.UserId);

        await ExpectStatus(403, () => alice.AddMembers(groupId, outsider.UserId));
        await ExpectStatus(403, () => alice.RemoveMember(groupId, bob.UserId));
        await ExpectStatus(403, () => alice.RenameGroup(groupId, "Alice's"));
        await ExpectStatus(404, () => admin.AddMembers(groupId, Guid.NewGuid()));

        await using var bobHub = server.Connect(bob);
        var bobInbox = new Inbox(bobHub);
        await bobHub.Start();
        await admin.SetAdmin(groupId, alice.UserId, true);
        await alice.RenameGroup(groupId, "Renamed by a new admin");
        await Eventually.Get(() => bobInbox.Updates, u => u.Any(x => x.Title == "Renamed by a new admin"));
        bobInbox.Updates.Should().Contain(u => u.Title == "Renamed by a new admin");

        await bob.RemoveMember(groupId, bob.UserId);
        (await admin.Conversation(groupId)).Members.Select(m => m.UserId).Should().BeEquivalentTo([admin.UserId, alice.UserId]);
        var list = await Eventually.Get(() => admin.Conversations(), l => l.Any(c => c.ConversationId == groupId && c.Title == "Renamed by a new admin"));
        list.Should().Contain(c => c.ConversationId == groupId && c.Kind == "group");
    }

    [Fact]
    public async Task In_a_group_where_only_admins_send_members_are_refused_but_still_react_and_an_admin_lifts_it()
    {
        var (admin, alice) = (await server.NewUser("admin"), await server.NewUser("alice"));
        var groupId = await admin.CreateGroup("Announcements", alice.UserId);
        var earlier = await alice.Send(groupId, "a1", "before the rule");
        await using var aliceHub = server.Connect(alice);
        var aliceInbox = new Inbox(aliceHub);
        await aliceHub.Start();

        await ExpectStatus(403, () => alice.SetSendPolicy(groupId, true));
        await admin.SetSendPolicy(groupId, true);
        (await Eventually.Get(() => aliceInbox.Updates, u => u.Any(x => x.OnlyAdminsSend))).Should().Contain(u => u.ConversationId == groupId);
        (await alice.Conversation(groupId)).OnlyAdminsSend.Should().BeTrue();

        await ExpectStatus(403, () => alice.Send(groupId, "a2", "may I?"));
        (await FluentActions.Awaiting(() => aliceHub.Send(groupId, "a3", "over the hub?")).Should()
            .ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().Contain("forbidden: Only the group's admins");
        await ExpectStatus(403, () => alice.Edit(groupId, earlier.MessageId, "changed"));
        await alice.React(groupId, earlier.MessageId, "👍");
        await admin.Send(groupId, "n1", "news from the admin");
        (await aliceInbox.WaitForMessages(1)).Single().Body.Should().Be("news from the admin");

        await admin.SetSendPolicy(groupId, false);
        await alice.Send(groupId, "a4", "everyone again");
        (await admin.AllMessages(groupId)).Select(m => m.Body).Should().Equal("before the rule", "news from the admin", "everyone again");
    }

    [Fact]
    public async Task The_1025th_member_gets_a_clear_error()
    {
        var users = await server.NewUsers(1_025, "crowd");
        var groupId = await users[0].CreateGroup("Full house", [.. users.Skip(1).Take(1_023).Select(u => u.UserId)]);
        (await users[0].Conversation(groupId)).Members.Should().HaveCount(1_024);

        var error = await FluentActions.Awaiting(() => users[0].AddMembers(groupId, users[^1].UserId)).Should().ThrowAsync<ChatApiException>();
        error.Which.Status.Should().Be(400);
        error.Which.Body.Should().Contain("at most 1024 members");
    }

    private static async Task ExpectStatus(int status, Func<Task> call) =>
        (await FluentActions.Awaiting(call).Should().ThrowAsync<ChatApiException>()).Which.Status.Should().Be(status);
}
