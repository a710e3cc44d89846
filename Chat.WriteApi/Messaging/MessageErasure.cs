using Chat.Projections.History;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi;

/// <summary>
/// A message deleted for everyone loses its text in the event store too: its <see cref="MessageSent"/> and
/// <see cref="MessageEdited"/> events keep their facts with an empty body, through Marten's masking (the rule is in
/// ChatStoreOptions). A subscription, so at least once after the deletion is committed; masking again changes nothing.
/// </summary>
public sealed class MessageErasure : SubscriptionBase
{
    /// <summary>Around the message's time: its events are found without reading the whole conversation, with room for skewed clocks.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromHours(1);

    private readonly IServiceProvider _services;

    public MessageErasure(IServiceProvider services)
    {
        _services = services;
        Name = nameof(MessageErasure);
        IncludeType<MessageDeleted>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // Resolved here: the store is built with this subscription.
        var store = _services.GetRequiredService<IDocumentStore>();
        foreach (var deleted in page.Events.Select(e => e.Data).OfType<MessageDeleted>())
        {
            if (await operations.LoadAsync<ChatMessage>(deleted.MessageId, ct) is not { } message) continue;
            var (from, to) = (message.SentAt - ClockSlack, message.SentAt + Conversation.EditWindow + ClockSlack);
            var candidates = await operations.Events.QueryAllRawEvents()
                .Where(e => e.StreamId == deleted.ConversationId && e.Timestamp >= from && e.Timestamp <= to)
                .ToListAsync(ct);
            var ids = candidates.Where(e => e.Data is MessageSent s && s.MessageId == deleted.MessageId
                || e.Data is MessageEdited x && x.MessageId == deleted.MessageId).Select(e => e.Id).ToArray();
            if (ids.Length > 0) await store.Advanced.ApplyEventDataMasking(m => m.IncludeEvents(e => ids.Contains(e.Id)), ct);
        }
        return NullChangeListener.Instance;
    }
}
