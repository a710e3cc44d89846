using Chat.Projections.History;

namespace Chat.WriteApi;

/// <summary>
/// A message deleted for everyone loses its text in the event store too: its <see cref="MessageSent"/> and
/// <see cref="MessageEdited"/> events keep their facts with an empty body, through Marten's masking (the rule is in
/// ChatStoreOptions). A subscription, so at least once after the deletion is committed; masking again changes nothing.
/// </summary>
public sealed class MessageErasure(IServiceProvider services) : ErasureSubscription<MessageDeleted>(services)
{
    /// <summary>Around the message's time: its events are found without reading the whole conversation, with room for skewed clocks.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromHours(1);

    protected override async Task Erase(IDocumentStore store, IDocumentOperations operations, MessageDeleted deleted, CancellationToken ct)
    {
        if (await operations.LoadAsync<ChatMessage>(deleted.MessageId, ct) is not { } message) return;
        var (from, to) = (message.SentAt - ClockSlack, message.SentAt + Conversation.EditWindow + ClockSlack);
        var candidates = await operations.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == deleted.ConversationId && e.Timestamp >= from && e.Timestamp <= to)
            .ToListAsync(ct);
        var ids = candidates.Where(e => e.Data is MessageSent s && s.MessageId == deleted.MessageId
            || e.Data is MessageEdited x && x.MessageId == deleted.MessageId).Select(e => e.Id).ToArray();
        if (ids.Length > 0) await store.Advanced.ApplyEventDataMasking(m => m.IncludeEvents(e => ids.Contains(e.Id)), ct);
    }
}
