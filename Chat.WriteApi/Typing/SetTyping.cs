using System.Threading.RateLimiting;
using Chat.Projections.Conversations;
using Chat.WriteApi.Typing;
using Microsoft.AspNetCore.SignalR;

namespace Chat.WriteApi;

public sealed partial class ChatHub
{
    /// <summary>Typing on or off in a conversation; at most <see cref="Typing.TypingRateLimit.PerSecond"/> calls a second per connection.</summary>
    public async Task SetTyping(TypingRequest request)
    {
        var limiter = (RateLimiter)Context.Items.GetOrAdd(typeof(TypingRateLimit), () => TypingRateLimit.Create());
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired) throw new DomainError(ErrorCodes.RateLimited, "Too many typing updates; send at most a few a second.");

        await using var session = store.QuerySession();
        var conversation = await ConversationRoster.ForMember(session, request?.ConversationId ?? Guid.Empty, CurrentUserId, Context.ConnectionAborted);
        Conversation.EnsureNotBlocked(conversation.BlockedBy, CurrentUserId);
        typing.Set(conversation, CurrentUserId, request!.Typing);
    }
}
