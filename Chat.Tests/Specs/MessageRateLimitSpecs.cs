using Chat.Domain;
using Chat.Domain.Conversations;
using Chat.WriteApi.Limits;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>What the per-user message limit counts (docs/adr/0023-message-rate-limit.md).</summary>
public class MessageRateLimitSpecs
{
    private static readonly Guid Alice = Guid.NewGuid(), Bob = Guid.NewGuid(), Conversation = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static SendMessage Send(Guid userId) => new(Conversation, userId, Guid.NewGuid(), Guid.NewGuid().ToString(), "hi", Now);

    [Fact]
    public void A_users_messages_and_revisions_share_one_bucket_that_no_one_elses_writes_or_receipts_or_expiries_touch()
    {
        using var limit = new MessageRateLimit(perSecond: 1, burst: 2);
        limit.Take(Send(Alice));
        limit.Take(new ReactToMessage(Conversation, Alice, Guid.NewGuid(), "👍", Now));
        for (var i = 0; i < 10; i++)
        {
            limit.Take(new MarkRead(Conversation, Alice, i, Now));
            limit.Take(new ExpireMessage(Conversation, Guid.NewGuid(), Now)); // the server's: all under one empty user id
            limit.Take(Send(Bob) with { UserId = Guid.NewGuid() });
        }
        limit.Take(Send(Bob));

        var refused = FluentActions.Invoking(() => limit.Take(new EditMessage(Conversation, Alice, Guid.NewGuid(), "edited", Now)))
            .Should().Throw<DomainError>().Which;
        refused.Code.Should().Be(ErrorCodes.RateLimited);
        refused.RetryAfter.Should().BePositive();
    }
}
