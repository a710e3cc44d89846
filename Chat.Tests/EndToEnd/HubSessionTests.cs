using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.EndToEnd;

/// <summary>Hub connections and the token they were opened with (six-second tokens).</summary>
public class HubSessionTests(ShortTokenChatServer server) : IClassFixture<ShortTokenChatServer>
{
    [Fact]
    public async Task A_connection_ends_when_its_token_expires_and_one_given_refreshed_tokens_reconnects_and_misses_nothing()
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixedToken = server.Connect(bob);
        fixedToken.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await fixedToken.Start();

        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var refreshing = new ChatConnection(server.Address, () => Task.FromResult(bob.AccessToken), autoReconnect: true);
        refreshing.Reconnected += _ => { reconnected.TrySetResult(); return Task.CompletedTask; };
        var inbox = new Inbox(refreshing);
        await refreshing.Start();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await bob.RefreshToken(); // half-way, as clients do
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the first token's six seconds are up
        fixedToken.State.Should().Be(HubConnectionState.Disconnected);

        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await alice.Send(conversationId, "after", "sent after the reconnect");
        (await inbox.WaitForMessages(1)).Single().Body.Should().Be("sent after the reconnect");
    }
}
