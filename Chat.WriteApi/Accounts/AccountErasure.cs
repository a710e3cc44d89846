using Chat.Domain.Users;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// A deleted account's personal data leaves its events too: the username, display names, password hashes, device names
/// and push tokens in its stream are masked (the rules are in ChatStoreOptions). A subscription, so at least once after
/// the deletion is committed; masking again changes nothing (docs/adr/0019-account-deletion.md).
/// </summary>
public sealed class AccountErasure : SubscriptionBase
{
    private readonly IServiceProvider _services;

    public AccountErasure(IServiceProvider services)
    {
        _services = services;
        Name = nameof(AccountErasure);
        IncludeType<AccountDeleted>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // Resolved here: the store is built with this subscription.
        var store = _services.GetRequiredService<IDocumentStore>();
        foreach (var deleted in page.Events.Select(e => e.Data).OfType<AccountDeleted>())
            await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(deleted.UserId), ct);
        return NullChangeListener.Instance;
    }
}
