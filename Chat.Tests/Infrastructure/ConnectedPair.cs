using Chat.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>Alice and Bob in a fresh direct conversation, both connected to the hub, what Bob is pushed recorded.</summary>
public sealed record ConnectedPair(ChatApi Alice, ChatApi Bob, Guid ConversationId, ChatConnection AliceHub, ChatConnection BobHub, Inbox BobInbox)
    : IAsyncDisposable
{
    public static async Task<ConnectedPair> Open(ChatServer server)
    {
        var (alice, bob, conversationId) = await server.NewConversation();
        var (aliceHub, bobHub) = (server.Connect(alice), server.Connect(bob));
        var pair = new ConnectedPair(alice, bob, conversationId, aliceHub, bobHub, new Inbox(bobHub));
        await Task.WhenAll(aliceHub.Start(), bobHub.Start());
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await AliceHub.DisposeAsync();
        await BobHub.DisposeAsync();
    }
}
