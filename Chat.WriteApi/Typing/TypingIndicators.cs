using System.Collections.Concurrent;
using Chat.Projections.Conversations;
using Chat.WriteApi.Realtime;
using Microsoft.Extensions.Hosting;

namespace Chat.WriteApi.Typing;

/// <summary>
/// Who is typing where, in memory only: a typing flag reaches the other members, is renewed by the client while
/// it types, and turns off by itself <see cref="Expiry"/> after the last renewal. Renewals inside
/// <see cref="RepushAfter"/> only extend the expiry, so a client re-sending every second causes no push storm.
/// </summary>
public sealed class TypingIndicators(Pushes pushes, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RepushAfter = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<(Guid Conversation, Guid User), Entry> _typing = new();

    public void Set(ConversationRoster conversation, Guid userId, bool typing)
    {
        var key = (conversation.Id, userId);
        var now = clock.GetUtcNow();
        if (!typing)
        {
            if (_typing.TryRemove(key, out var removed)) Push(removed.Recipients, conversation.Id, userId, false);
            return;
        }
        var recipients = conversation.Members.Select(m => m.UserId).Where(id => id != userId).ToArray();
        var pushed = _typing.TryGetValue(key, out var current) && now - current.PushedAt < RepushAfter ? current.PushedAt : now;
        _typing[key] = new Entry(recipients, now + Expiry, pushed);
        if (pushed == now) Push(recipients, conversation.Id, userId, true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _typing)
                if (entry.ExpiresAt <= now && _typing.TryRemove(KeyValuePair.Create(key, entry)))
                    Push(entry.Recipients, key.Conversation, key.User, false);
        }
    }

    private void Push(Guid[] recipients, Guid conversationId, Guid userId, bool typing)
    {
        pushes.Send(new Fanout(new Push(HubNames.TypingChanged, new TypingChanged(conversationId, userId, typing)), recipients));
    }

    private sealed record Entry(Guid[] Recipients, DateTimeOffset ExpiresAt, DateTimeOffset PushedAt);
}
