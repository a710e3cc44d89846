using Chat.Domain.Users;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// A deleted account's personal data leaves its events too: the username, display names, password hashes, device names
/// and push tokens in its stream are masked (docs/adr/0019-account-deletion.md).
/// </summary>
public sealed class AccountErasure(IServiceProvider services) : ErasureSubscription<AccountDeleted>(services)
{
    protected override Task Erase(IDocumentStore store, IDocumentOperations operations, AccountDeleted deleted, CancellationToken ct) =>
        store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(deleted.UserId), ct);
}
