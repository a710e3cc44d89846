using System.Collections.Concurrent;
using System.Diagnostics;
using Chat.Client;
using Chat.Contracts;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.EndToEnd;

/// <summary>The server is stopped with SIGTERM, as a service manager or a rolling deploy does, while clients send.</summary>
public class GracefulStopTests
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chat-stop-").FullName;

    [Fact]
    public async Task A_stop_during_traffic_answers_every_send_soon_and_keeps_everything_it_acknowledged()
    {
        await using var first = await ServerProcess.Start(_dataDirectory);
        var (alice, bob) = (await first.NewUser("alice"), await first.NewUser("bob"));
        var conversationId = await alice.OpenDirect(bob.UserId);
        await using var aliceHub = new ChatConnection(first.Address, alice.AccessToken!);
        await aliceHub.Start();

        var acknowledged = new ConcurrentQueue<SendMessageResult>();
        var refused = 0;
        async Task Send(Func<string, Task<SendMessageResult>> send, string prefix)
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    acknowledged.Enqueue(await send($"{prefix}-{i}"));
                }
                catch (Exception e) when (e is HttpRequestException or ChatApiException or HubException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref refused); // answered with an error, or the connection closed: never acknowledged
                    return;
                }
            }
        }
        var senders = Enumerable.Range(0, 4).Select(n => Task.Run(() => Send(id => alice.Send(conversationId, id, id), $"http{n}")))
            .Concat(Enumerable.Range(0, 4).Select(n => Task.Run(() => Send(id => aliceHub.Send(conversationId, id, id), $"hub{n}"))))
            .ToList();
        await Eventually.Get(() => acknowledged.Count, c => c >= 200);

        var stopping = Stopwatch.StartNew();
        await first.Stop();
        stopping.Stop();
        var answered = Task.WhenAll(senders);
        (await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(10)))).Should().Be(answered, "no send is left waiting for an answer");
        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "in-flight sends are committed or refused, not waited out");

        await using var second = await ServerProcess.Start(_dataDirectory);
        var aliceAfter = new ChatApi(new HttpClient { BaseAddress = second.Address });
        aliceAfter.UseToken(alice.AccessToken!, alice.UserId);
        var history = await aliceAfter.AllMessages(conversationId);
        history.Select(m => m.MessageId).Should().Contain(acknowledged.Select(a => a.MessageId), "every acknowledged send was committed");
        history.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, history.Count).Select(s => (long)s));
    }
}
