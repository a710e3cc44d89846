using System.Net;
using System.Net.Http.Json;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// A commit whose answer the network lost: PostgreSQL committed the send, the commit loop's connection closed before
/// it heard so (docs/adr/0002-group-commit.md). The retry must answer the sender as for a new message and push it to
/// the recipient, as if nothing had happened.
/// </summary>
public class InDoubtCommitTests(ProxiedChatServer server) : IClassFixture<ProxiedChatServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_send_committed_while_the_connection_was_cut_is_answered_once_as_new_and_pushed_to_the_recipient(bool overHttp)
    {
        await using var pair = await ConnectedPair.Open(server);
        var (aliceHub, bobInbox, conversationId) = (pair.AliceHub, pair.BobInbox, pair.ConversationId);
        (await aliceHub.Send(conversationId, "d0", "before")).Sequence.Should().Be(1);
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", pair.Alice.AccessToken);

        // Over HTTP a retry of a stored send answers 200, a new one 201: the send that landed in doubt must be a 201.
        async Task<long> Send(string clientMessageId, string body)
        {
            if (!overHttp) return (await aliceHub.Send(conversationId, clientMessageId, body)).Sequence;
            var response = await http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", new { clientMessageId, body });
            response.StatusCode.Should().Be(HttpStatusCode.Created, "the sender has not been answered for this message before");
            return (await response.Content.ReadFromJsonAsync<SendMessageResult>())!.Sequence;
        }

        // The next COMMIT is the writer's only if nothing else commits meanwhile (the daemon, a node heartbeat every
        // 5 s): wait for a quiet moment, and try again with the next message if another commit took the cut.
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            var sequence = await Send($"d{attempt}", $"through the cut {attempt}");
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            sequence.Should().Be(attempt + 1, "the send landed once, before or through the cut");
            var received = await bobInbox.WaitForMessages(attempt + 1, TimeSpan.FromSeconds(10));
            received.Select(m => m.ClientMessageId).Should().EndWith($"d{attempt}", "the recipient is pushed the message either way");
        }

        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
        var history = await pair.Alice.AllMessages(conversationId);
        history.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), "nothing was appended twice");
        bobInbox.Messages.Select(m => m.MessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_read_receipt_committed_while_the_connection_was_cut_still_reaches_the_sender()
    {
        await using var pair = await ConnectedPair.Open(server);
        var aliceInbox = new Inbox(pair.AliceHub);
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            var sent = await pair.AliceHub.Send(pair.ConversationId, $"r{attempt}", $"read me {attempt}");
            await pair.BobInbox.WaitForMessages(attempt);
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            await pair.BobHub.MarkRead(pair.ConversationId, sent.Sequence);
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            // The retry finds the receipt applied and decides nothing new: the sender must be told all the same.
            var receipt = await aliceInbox.WaitForReceipt("read", sent.Sequence).WaitAsync(TimeSpan.FromSeconds(10));
            receipt.Should().Contain(r => r.UserId == pair.Bob.UserId && r.UpToSequence == sent.Sequence);
        }
        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
    }

    [Fact]
    public async Task A_member_removal_committed_while_the_connection_was_cut_is_answered_as_done_and_tells_the_removed()
    {
        var (alice, carol) = (await server.NewUser("alice"), await server.NewUser("carol"));
        await using var carolHub = server.Connect(carol);
        var carolInbox = new Inbox(carolHub);
        await carolHub.Start();
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            var bob = await server.NewUser("bob");
            var groupId = await alice.CreateGroup($"cut {attempt}", bob.UserId, carol.UserId);
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            // Retried, the removal finds Carol gone: the admin must still hear it is done, not that she is unknown.
            await alice.RemoveMember(groupId, carol.UserId);
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            await Eventually.Get(() => carolInbox.Updates, u => u.Any(x => x.ConversationId == groupId && x.Members.All(m => m.UserId != carol.UserId)),
                TimeSpan.FromSeconds(10));
            (await alice.Conversation(groupId)).Members.Select(m => m.UserId).Should().BeEquivalentTo([alice.UserId, bob.UserId]);
        }
        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_edit_or_a_deletion_committed_while_the_connection_was_cut_is_answered_with_its_sequence_and_pushed(bool delete)
    {
        await using var pair = await ConnectedPair.Open(server);
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            var sent = await pair.AliceHub.Send(pair.ConversationId, $"e{attempt}", $"to change {attempt}");
            await pair.BobInbox.WaitForMessages(attempt);
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            // Retried, the edit finds the body already changed (the deletion, the message deleted) and decides nothing.
            var revised = delete
                ? await pair.AliceHub.Delete(pair.ConversationId, sent.MessageId)
                : await pair.AliceHub.Edit(pair.ConversationId, sent.MessageId, $"changed {attempt}");
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            revised.RevisionSequence.Should().Be(sent.Sequence + 1, "the answer names the revision that landed");
            (revised.Body, revised.DeletedAt is not null).Should().Be(delete ? (null, true) : ($"changed {attempt}", false));
            (await pair.BobInbox.WaitForRevisions(attempt)).Last().Should().BeEquivalentTo(revised, "the recipient is pushed it either way");
        }
        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
    }

    [Fact]
    public async Task A_block_committed_while_the_connection_was_cut_is_answered_as_done_and_tells_the_blockers_devices()
    {
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            var (_, bob, conversationId) = await server.NewConversation();
            await using var phoneHub = server.Connect(await server.OnDevice(bob, "phone"));
            var phoneInbox = new Inbox(phoneHub);
            await phoneHub.Start();
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            // Retried, the block finds itself in place and decides nothing: Bob must still hear it is done, and his phone told.
            await bob.Block(conversationId);
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            await Eventually.Get(() => phoneInbox.Updates, u => u.Any(x => x.ConversationId == conversationId && x.Blocked == true),
                TimeSpan.FromSeconds(10));
            (await bob.Conversation(conversationId)).Blocked.Should().BeTrue();
        }
        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
    }

    [Fact]
    public async Task An_account_deletion_whose_leaving_was_committed_while_the_connection_was_cut_still_tells_the_other_member()
    {
        var cutTheWriter = false;
        for (var attempt = 1; attempt <= 5 && !cutTheWriter; attempt++)
        {
            var (alice, bob, conversationId) = await server.NewConversation();
            await using var bobHub = server.Connect(bob);
            var bobInbox = new Inbox(bobHub);
            await bobHub.Start();
            await server.Proxy.WaitForNoCommits(TimeSpan.FromSeconds(1.5));
            var retriesBefore = WriterRetries();
            var cut = server.Proxy.CutAfterNextCommit();
            // Retried, the leaving finds Alice gone and decides nothing: Bob must still be told the conversation is his alone.
            await alice.DeleteAccount("correct-horse-battery");
            await cut.WaitAsync(TimeSpan.FromSeconds(10));
            cutTheWriter = WriterRetries() > retriesBefore;

            await Eventually.Get(() => bobInbox.Updates, u => u.Any(x => x.ConversationId == conversationId
                && x.Members.Select(m => m.UserId).SequenceEqual(new[] { bob.UserId })), TimeSpan.FromSeconds(10));
            (await bob.Conversation(conversationId)).Members.Select(m => m.UserId).Should().Equal(bob.UserId);
        }
        cutTheWriter.Should().BeTrue("one of the cuts met the commit loop's COMMIT");
    }

    private int WriterRetries() => server.Logs.Entries.Count(e =>
        e.Category.EndsWith("ConversationWriter") && e.Message.StartsWith("The commit loop's connection to PostgreSQL closed"));
}
