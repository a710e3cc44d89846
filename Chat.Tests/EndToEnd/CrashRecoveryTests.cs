using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;

namespace Chat.Tests.EndToEnd;

/// <summary>The server process is killed with SIGKILL; whatever it acknowledged must still reach the recipient.</summary>
public class CrashRecoveryTests
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chat-crash-").FullName;

    [Fact]
    public async Task A_message_acknowledged_before_a_crash_reaches_an_offline_recipient_after_the_restart()
    {
        ChatApi alice, bob;
        Guid conversationId;
        SendMessageResult acknowledged;
        await using (var first = await ServerProcess.Start(_dataDirectory))
        {
            (alice, bob) = (await first.NewUser("alice"), await first.NewUser("bob"));
            conversationId = await alice.OpenDirect(bob.UserId);
            acknowledged = await alice.Send(conversationId, "before-crash", "did you get this?");
            await first.Kill();
        }

        await using var second = await ServerProcess.Start(_dataDirectory);
        await using var bobHub = new ChatConnection(second.Address, bob.AccessToken!);
        var inbox = new Inbox(bobHub);
        await bobHub.Start();

        var received = await inbox.WaitForMessages(1);
        received.Should().ContainSingle().Which.MessageId.Should().Be(acknowledged.MessageId);
    }

    [Fact]
    public async Task A_crash_during_traffic_loses_nothing_that_was_acknowledged()
    {
        await using var first = await ServerProcess.Start(_dataDirectory);
        var (alice, bob) = (await first.NewUser("alice"), await first.NewUser("bob"));
        var conversationId = await alice.OpenDirect(bob.UserId);
        var bobFirst = new ChatConnection(first.Address, bob.AccessToken!);
        var beforeCrash = new Inbox(bobFirst);
        await bobFirst.Start();

        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<SendMessageResult>(); // written by the sender task, read here
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 10_000; i++) acknowledged.Enqueue(await alice.Send(conversationId, $"burst-{i}", $"burst {i}"));
            }
            catch (HttpRequestException)
            {
                // the server died under us: this send was never acknowledged
            }
        });
        await Eventually.Get(() => acknowledged.Count, c => c >= 50);
        await first.Kill();
        await sending;
        await bobFirst.DisposeAsync();
        acknowledged.Should().HaveCountGreaterThanOrEqualTo(50);

        await using var second = await ServerProcess.Start(_dataDirectory);
        await using var bobSecond = new ChatConnection(second.Address, bob.AccessToken!);
        var afterRestart = new Inbox(bobSecond);
        await bobSecond.Start();

        var expected = acknowledged.Select(a => a.Sequence).ToHashSet();
        await Eventually.Get(() => beforeCrash.Messages.Concat(afterRestart.Messages).Select(m => m.Sequence).ToHashSet(),
            got => got.IsSupersetOf(expected));
        beforeCrash.Messages.Concat(afterRestart.Messages).Select(m => m.Sequence).Should().Contain(expected);
        afterRestart.Messages.Select(m => m.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        var aliceAfterRestart = new ChatApi(new HttpClient { BaseAddress = second.Address });
        aliceAfterRestart.UseToken(alice.AccessToken!, alice.UserId); // tokens survive: the signing key is kept in the data folder
        var history = await aliceAfterRestart.AllMessages(conversationId);
        history.Select(m => m.Sequence).Should().Contain(expected);
    }
}
