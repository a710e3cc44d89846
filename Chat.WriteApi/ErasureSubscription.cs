using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi;

/// <summary>
/// Erases data from the stored events after each <typeparamref name="TEvent"/> is committed, through Marten's masking
/// (the rules are in ChatStoreOptions). A subscription, so at least once; masking again changes nothing. Named for
/// its class, which keys its progress in the store.
/// </summary>
public abstract class ErasureSubscription<TEvent> : SubscriptionBase where TEvent : class
{
    private readonly IServiceProvider _services;

    protected ErasureSubscription(IServiceProvider services)
    {
        _services = services;
        Name = GetType().Name;
        IncludeType<TEvent>();
    }

    public sealed override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // Resolved here: the store is built with this subscription.
        var store = _services.GetRequiredService<IDocumentStore>();
        foreach (var erased in page.Events.Select(e => e.Data).OfType<TEvent>()) await Erase(store, operations, erased, ct);
        return NullChangeListener.Instance;
    }

    protected abstract Task Erase(IDocumentStore store, IDocumentOperations operations, TEvent erased, CancellationToken ct);
}
