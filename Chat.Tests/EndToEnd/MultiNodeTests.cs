using System.Collections.Concurrent;
using Chat.Client;
using Chat.Contracts;
using Chat.Domain.Conversations;
using Chat.Projections.Sessions;
using Chat.Tests.Infrastructure;
using Chat.WriteApi.Pipeline;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// Two server processes on one PostgreSQL and one RabbitMQ (issue 3): users on different nodes chat, a node is killed
/// with SIGKILL during traffic, and the broker restarts during traffic.
/// </summary>
[Collection(SharedBroker.Name)]
public class MultiNodeTests : IAsyncLifetime
{
    // Both nodes read the signing key from the same data folder, so a token from one works on the other.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chat-nodes-").FullName;
    // A schema per test: the session map's heartbeats live there, so other tests' nodes dying (killed by their own
    // tests) make these nodes catch up, and resend what the non-acknowledging test clients already have.
    private readonly string _schema = TestDatabase.PrivateSchema("nodes");
    private ServerProcess _node1 = null!, _node2 = null!;
    private DateTime _node2StartedAt;
    // Node ids name the nodes' queues on the shared broker, so they are unique per test too.
    private string Node1 => $"{_schema}-1";
    private string Node2 => $"{_schema}-2";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__RabbitMq"] = TestDatabase.RabbitMq,
            ["Chat__Presence__GraceSeconds"] = "1",
        };
        _node1 = await ServerProcess.Start(_dataDirectory, _schema, new Dictionary<string, string>(settings) { ["Chat__NodeId"] = Node1 });
        _node2 = await ServerProcess.Start(_dataDirectory, _schema, new Dictionary<string, string>(settings) { ["Chat__NodeId"] = Node2 });
        _node2StartedAt = DateTime.UtcNow;
    }

    public async Task DisposeAsync()
    {
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
    }

    /// <summary>Alice signed up and connected on node 1, Bob on node 2, each with an inbox on their connection.</summary>
    private async Task<AcrossNodes> AliceOnNode1AndBobOnNode2()
    {
        var (alice, bob) = (await _node1.NewUser("alice"), await _node2.NewUser("bob"));
        var (aliceHub, bobHub) = (new ChatConnection(_node1.Address, alice.AccessToken!), new ChatConnection(_node2.Address, bob.AccessToken!));
        var pair = new AcrossNodes(alice, bob, aliceHub, bobHub, new Inbox(aliceHub), new Inbox(bobHub));
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());
        return pair;
    }

    private sealed record AcrossNodes(ChatApi Alice, ChatApi Bob, ChatConnection AliceHub, ChatConnection BobHub, Inbox AliceInbox, Inbox BobInbox)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await AliceHub.DisposeAsync();
            await BobHub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Users_on_different_nodes_chat_one_to_one_and_in_a_group_with_receipts()
    {
        await using var pair = await AliceOnNode1AndBobOnNode2();
        var (alice, bob, aliceHub, bobHub, aliceInbox, bobInbox) = pair;
        var carol = await _node1.NewUser("carol");
        await using var carolHub = new ChatConnection(_node1.Address, carol.AccessToken!);
        var carolInbox = new Inbox(carolHub);
        await carolHub.Start();

        var direct = await alice.OpenDirect(bob.UserId);
        await aliceHub.Send(direct, "a1", "hello from node 1");
        (await bobInbox.WaitForMessages(1)).Single().Body.Should().Be("hello from node 1");
        await bobHub.Send(direct, "b1", "hello from node 2");
        (await aliceInbox.WaitForMessages(1)).Single().Body.Should().Be("hello from node 2");
        await bobHub.MarkRead(direct, 2);
        await aliceInbox.WaitForReceipt(ReceiptKind.Read, 2);

        var group = await alice.CreateGroup("across nodes", bob.UserId, carol.UserId);
        for (var i = 1; i <= 20; i++) await aliceHub.Send(group, $"g{i}", $"group {i}");
        var bobGroup = await Eventually.Get(() => bobInbox.Messages.Where(m => m.ConversationId == group).ToList(), m => m.Count >= 20);
        var carolGroup = await Eventually.Get(() => carolInbox.Messages.Where(m => m.ConversationId == group).ToList(), m => m.Count >= 20);
        await Task.Delay(300);
        bobInbox.Messages.Where(m => m.ConversationId == group).Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, 20).Select(i => (long)i));
        carolGroup.Select(m => m.Sequence).Should().Equal(bobGroup.Select(m => m.Sequence));
        bobInbox.Updates.Should().Contain(u => u.ConversationId == group, "ConversationUpdated crosses nodes too");
    }

    [Fact]
    public async Task Edits_reactions_and_list_changes_reach_devices_on_the_other_node_and_later_messages_still_arrive()
    {
        await using var pair = await AliceOnNode1AndBobOnNode2();
        var (alice, bob, aliceHub, _, aliceInbox, bobInbox) = pair;
        // Bob is on both nodes, so whichever node writes the conversation pushes to one of his connections over the bus.
        await using var bobOnNode1 = new ChatConnection(_node1.Address, bob.AccessToken!);
        var bobInbox1 = new Inbox(bobOnNode1);
        await bobOnNode1.Start();
        var direct = await alice.OpenDirect(bob.UserId);
        var sent = await aliceHub.Send(direct, "a1", "helo");
        await Task.WhenAll(bobInbox.WaitForMessages(1), bobInbox1.WaitForMessages(1));

        await aliceHub.Edit(direct, sent.MessageId, "hello");
        await aliceHub.React(direct, sent.MessageId, "👍");
        await aliceHub.Send(direct, "a2", "after the edit");

        foreach (var inbox in new[] { bobInbox, bobInbox1 })
        {
            var revisions = await inbox.WaitForRevisions(2);
            revisions.Select(r => r.Body).Should().Equal("hello", "hello");
            revisions[1].Reactions.Should().Equal(new Dictionary<Guid, string> { [alice.UserId] = "👍" });
            (await inbox.WaitForMessages(2)).Select(m => m.Body).Should().Equal("helo", "after the edit");
        }

        var aliceOnNode2 = new ChatApi(new HttpClient { BaseAddress = _node2.Address });
        aliceOnNode2.UseToken(alice.AccessToken!, alice.UserId);
        await aliceOnNode2.Pin(direct);
        (await aliceInbox.WaitForListChanges(1)).Single()
            .Should().Match<ChatListChanged>(c => c.ConversationId == direct && c.Pinned && !c.Archived);
    }

    [Fact]
    public async Task Both_nodes_send_into_one_conversation_at_once_and_each_senders_messages_commit_in_the_order_given()
    {
        await using var pair = await AliceOnNode1AndBobOnNode2();
        var (alice, bob, aliceHub, bobHub, _, _) = pair;
        var direct = await alice.OpenDirect(bob.UserId);

        // Pipelined from both sides: one node owns the conversation and writes it; the other forwards its sends there.
        var fromAlice = Enumerable.Range(1, 150).Select(i => aliceHub.Send(direct, $"a{i}", $"alice {i}")).ToList();
        var fromBob = Enumerable.Range(1, 150).Select(i => bobHub.Send(direct, $"b{i}", $"bob {i}")).ToList();
        var aliceResults = await Task.WhenAll(fromAlice);
        var bobResults = await Task.WhenAll(fromBob);

        aliceResults.Select(r => r.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        bobResults.Select(r => r.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        aliceResults.Concat(bobResults).Select(r => r.Sequence).Order().Should().Equal(Enumerable.Range(1, 300).Select(i => (long)i));
        var history = await alice.AllMessages(direct);
        history.Where(m => m.SenderId == bob.UserId).Select(m => m.Body).Should().Equal(Enumerable.Range(1, 150).Select(i => $"bob {i}"));
        history.Where(m => m.SenderId == alice.UserId).Select(m => m.Body).Should().Equal(Enumerable.Range(1, 150).Select(i => $"alice {i}"));
    }

    [Fact]
    public async Task A_send_through_one_node_for_a_conversation_whose_owner_node_died_is_written_there_after_the_answer_timeout()
    {
        var alice = await _node1.NewUser("alice");
        ChatApi bob;
        Guid direct;
        do (bob, direct) = await NewPeer(alice); // until node 2 owns the conversation
        while (ConversationOwners.Pick([Node1, Node2], direct) != Node2);
        await alice.OpenDirect(bob.UserId);
        await using var aliceHub = new ChatConnection(_node1.Address, alice.AccessToken!);
        await aliceHub.Start();
        await BothNodesLive();
        (await aliceHub.Send(direct, "before", "node 2 writes this")).Sequence.Should().Be(1);

        await _node2.Kill();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var after = await aliceHub.Send(direct, "after", "node 1 writes this");
        watch.Stop();

        after.Sequence.Should().Be(2);
        watch.Elapsed.Should().BeGreaterThan(CommandForwarding.AnswerTimeout - TimeSpan.FromMilliseconds(500),
            "node 1 still counts node 2 alive, forwards to it, and writes the send itself when no answer comes");
        (await alice.AllMessages(direct)).Select(m => m.Body).Should().Equal("node 2 writes this", "node 1 writes this");
    }

    [Fact]
    public async Task Group_changes_through_the_node_that_does_not_own_the_group_go_to_its_owner_while_it_writes_sends()
    {
        var alice = await _node1.NewUser("alice");
        var bob = await _node1.NewUser("bob");
        var carol = await _node1.NewUser("carol");
        var dave = await _node1.NewUser("dave");
        var group = await alice.CreateGroup("before", bob.UserId, carol.UserId);
        var owner = ConversationOwners.Pick([Node1, Node2], group) == Node1 ? _node1 : _node2;
        var other = owner == _node1 ? _node2 : _node1;
        var aliceElsewhere = new ChatApi(new HttpClient { BaseAddress = other.Address });
        aliceElsewhere.UseToken(alice.AccessToken!, alice.UserId);
        await using var bobHub = new ChatConnection(owner.Address, bob.AccessToken!);
        await bobHub.Start();
        await BothNodesLive();

        // Bob's pipelined sends keep the owner's writer busy while concurrent admin changes arrive through the other
        // node: written there, each would race the owner's commits for the stream version.
        var sends = Enumerable.Range(1, 200).Select(i => bobHub.Send(group, $"b{i}", $"bob {i}")).ToList();
        await Task.WhenAll(Enumerable.Range(1, 30).Select(i => aliceElsewhere.RenameGroup(group, $"title {i}")));
        await aliceElsewhere.RenameGroup(group, "after");
        await aliceElsewhere.RemoveMember(group, carol.UserId);
        await aliceElsewhere.AddMembers(group, dave.UserId);
        await aliceElsewhere.SetAdmin(group, bob.UserId, true);
        var sent = await Task.WhenAll(sends);

        sent.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        var details = await alice.Conversation(group);
        details.Title.Should().Be("after");
        details.Members.Select(m => m.UserId).Should().BeEquivalentTo([alice.UserId, bob.UserId, dave.UserId]);
        details.Members.Single(m => m.UserId == bob.UserId).Role.Should().Be("admin");
    }

    /// <summary>Until each node's heartbeat has seen the other, so both agree on who owns a conversation.</summary>
    private async Task BothNodesLive()
    {
        var beat = NodeHeartbeat.Interval + TimeSpan.FromSeconds(1) - (DateTime.UtcNow - _node2StartedAt);
        if (beat > TimeSpan.Zero) await Task.Delay(beat);
    }

    private async Task<(ChatApi Peer, Guid Direct)> NewPeer(ChatApi user)
    {
        var peer = await _node1.NewUser("bob");
        return (peer, ConversationIds.Direct(user.UserId, peer.UserId));
    }

    [Fact]
    public async Task A_user_connected_to_both_nodes_stays_online_when_one_connection_ends_and_a_removed_device_is_cut_everywhere()
    {
        var alice = await _node1.NewUser("alice");
        var bob = await _node1.NewUser("bob");
        await bob.OpenDirect(alice.UserId);
        var laptop = new ChatApi(new HttpClient { BaseAddress = _node2.Address });
        await laptop.SignIn(alice.Username!, "correct-horse-battery", "laptop");
        await using var bobHub = new ChatConnection(_node1.Address, bob.AccessToken!);
        var presence = new ConcurrentQueue<PresenceChanged>();
        bobHub.PresenceChanged += presence.Enqueue;
        await bobHub.Start();
        var aliceOnNode1 = new ChatConnection(_node1.Address, alice.AccessToken!);
        await using var laptopOnNode2 = new ChatConnection(_node2.Address, laptop.AccessToken!);
        await Task.WhenAll(aliceOnNode1.Start(), laptopOnNode2.Start());
        await Eventually.Get(() => presence.ToList(), p => p.Any(x => x.UserId == alice.UserId && x.Online == true));

        await aliceOnNode1.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // three grace periods
        presence.Should().NotContain(p => p.UserId == alice.UserId && p.Online == false, "the laptop on node 2 is still connected");
        (await bob.Presence(alice.UserId)).Online.Should().BeTrue();

        await alice.RemoveDevice("laptop"); // through node 1; the laptop's connection is on node 2
        (await Eventually.Get(() => laptopOnNode2.State, s => s == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected))
            .Should().Be(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected);
        await Eventually.Get(() => presence.ToList(), p => p.Any(x => x.UserId == alice.UserId && x.Online == false));
        presence.Should().Contain(p => p.UserId == alice.UserId && p.Online == false, "with no device left, Alice goes offline");
    }

    [Fact]
    public async Task A_node_killed_during_traffic_loses_nothing_its_users_reconnect_elsewhere_and_get_the_rest_once()
    {
        var alice = await _node1.NewUser("alice");
        var bob = await _node2.NewUser("bob");
        var direct = await alice.OpenDirect(bob.UserId);
        var group = await alice.CreateGroup("survives a crash", bob.UserId);
        await using var aliceHub = new ChatConnection(_node1.Address, alice.AccessToken!);
        var bobOnNode2 = new ChatConnection(_node2.Address, bob.AccessToken!);
        var beforeKill = new Inbox(bobOnNode2);
        // Bob acknowledges what he stores, as the protocol asks; the relay then resends only the unacknowledged tail.
        bobOnNode2.MessageReceived += m => _ = bobOnNode2.AckDelivered(m.ConversationId, m.Sequence).ContinueWith(_ => { });
        await Task.WhenAll(aliceHub.Start(), bobOnNode2.Start());

        var acknowledged = new ConcurrentQueue<SendMessageResult>();
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                acknowledged.Enqueue(await aliceHub.Send(i % 2 == 0 ? direct : group, $"m{i}", $"message {i}"));
                await Task.Delay(5);
            }
        });
        await Eventually.Get(() => beforeKill.Messages.Count, c => c >= 40);
        await _node2.Kill();
        await Task.Delay(500);                            // traffic goes on while Bob is away
        await using var bobOnNode1 = new ChatConnection(_node1.Address, bob.AccessToken!);
        var afterKill = new Inbox(bobOnNode1);
        await bobOnNode1.Start();
        await Task.Delay(1_000);
        await stop.CancelAsync();
        await sending;
        await bobOnNode2.DisposeAsync();

        var expected = acknowledged.Select(a => (a.ConversationId, a.Sequence)).ToHashSet();
        await Eventually.Get(() => beforeKill.Messages.Concat(afterKill.Messages).Select(m => (m.ConversationId, m.Sequence)).ToHashSet(),
            got => got.IsSupersetOf(expected));
        await Task.Delay(500);
        beforeKill.Messages.Concat(afterKill.Messages).Select(m => (m.ConversationId, m.Sequence)).Should().Contain(expected);
        afterKill.Messages.Select(m => (m.ConversationId, m.Sequence)).Should().OnlyHaveUniqueItems("the node Bob reconnected to sends each message once");
        foreach (var conversation in new[] { direct, group })
            afterKill.Messages.Where(m => m.ConversationId == conversation).Select(m => m.Sequence).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task A_broker_restart_during_traffic_loses_nothing_acknowledged_and_delivery_resumes_by_itself()
    {
        await using var pair = await AliceOnNode1AndBobOnNode2();
        var (alice, bob, aliceHub, _, _, inbox) = pair;
        var direct = await alice.OpenDirect(bob.UserId);

        var acknowledged = new ConcurrentQueue<SendMessageResult>();
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                acknowledged.Enqueue(await aliceHub.Send(direct, $"m{i}", $"message {i}"));
                await Task.Delay(10);
            }
        });
        await Eventually.Get(() => inbox.Messages.Count, c => c >= 20);
        await Broker.Restart();
        await Task.Delay(2_000);
        await stop.CancelAsync();
        await sending;
        var last = await aliceHub.Send(direct, "after-restart", "the broker is back");

        var expected = acknowledged.Select(a => a.Sequence).Append(last.Sequence).ToHashSet();
        var got = await Eventually.Get(() => inbox.Messages.Select(m => m.Sequence).ToHashSet(), s => s.IsSupersetOf(expected), TimeSpan.FromSeconds(60));
        got.Should().Contain(expected, "Bob's connection never dropped: the catch-up after the outage filled the gap");
    }
}
