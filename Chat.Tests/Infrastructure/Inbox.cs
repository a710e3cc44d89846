using System.Collections.Concurrent;
using Chat.Client;
using Chat.Contracts;

namespace Chat.Tests.Infrastructure;

/// <summary>Records everything a connection receives, in arrival order.</summary>
public sealed class Inbox
{
    private readonly ConcurrentQueue<MessageReceived> _messages = new();
    private readonly ConcurrentQueue<MessageRevised> _revisions = new();
    private readonly ConcurrentQueue<ReceiptUpdated> _receipts = new();
    private readonly ConcurrentQueue<ConversationUpdated> _updates = new();
    private readonly ConcurrentQueue<ChatListChanged> _listChanges = new();
    private readonly ConcurrentQueue<ProfileChanged> _profiles = new();

    public Inbox(ChatConnection connection)
    {
        connection.MessageReceived += _messages.Enqueue;
        connection.MessageRevised += _revisions.Enqueue;
        connection.ReceiptUpdated += _receipts.Enqueue;
        connection.ConversationUpdated += _updates.Enqueue;
        connection.ChatListChanged += _listChanges.Enqueue;
        connection.ProfileChanged += _profiles.Enqueue;
    }

    public IReadOnlyList<MessageReceived> Messages => [.. _messages];
    public IReadOnlyList<MessageRevised> Revisions => [.. _revisions];
    public IReadOnlyList<ReceiptUpdated> Receipts => [.. _receipts];
    public IReadOnlyList<ConversationUpdated> Updates => [.. _updates];
    public IReadOnlyList<ChatListChanged> ListChanges => [.. _listChanges];
    public IReadOnlyList<ProfileChanged> Profiles => [.. _profiles];

    public Task<IReadOnlyList<MessageReceived>> WaitForMessages(int count, TimeSpan? timeout = null) =>
        Eventually.Get(() => Messages, m => m.Count >= count, timeout ?? TimeSpan.FromSeconds(60));

    public Task<IReadOnlyList<MessageRevised>> WaitForRevisions(int count) =>
        Eventually.Get(() => Revisions, r => r.Count >= count);

    public Task<IReadOnlyList<ChatListChanged>> WaitForListChanges(int count) =>
        Eventually.Get(() => ListChanges, c => c.Count >= count);

    public Task<IReadOnlyList<ProfileChanged>> WaitForProfiles(int count) =>
        Eventually.Get(() => Profiles, p => p.Count >= count);

    public Task<IReadOnlyList<ReceiptUpdated>> WaitForReceipt(string kind, long upTo) =>
        Eventually.Get(() => Receipts, r => r.Any(x => x.Kind == kind && x.UpToSequence >= upTo));
}
