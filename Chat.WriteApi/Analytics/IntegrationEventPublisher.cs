using Chat.Contracts.Integration;
using Chat.Projections.Integration;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Chat.WriteApi.Analytics;

/// <summary>
/// A Marten subscription (async daemon, so never a dual write from a handler): every committed event is
/// published as a <see cref="ChatEventV1"/>. The daemon records progress after a page is published, so a crash
/// republishes that page: at least once. On RabbitMQ a page is published once the broker has it; on the in-memory
/// transport, which loses what it holds at a stop, once the in-process consumer has committed it: the page is handed
/// to it here rather than through the transport (<see cref="IInProcessConsumer"/>).
/// </summary>
public sealed class IntegrationEventPublisher(IBus bus, IServiceProvider services, ILogger<IntegrationEventPublisher> logger) : SubscriptionBase
{
    /// <summary>
    /// A page the broker does not take (it is restarting, unreachable) is published again, the whole page, until it
    /// does: the shard waits here instead of failing, so however long the outage, the stream resumes by itself where it
    /// stopped. Consumers de-duplicate by event id (docs/events.md).
    /// </summary>
    private readonly ResiliencePipeline _untilTheBrokerTakesIt = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            // Anything but the daemon stopping this shard: MassTransit can also end a publish with an OperationCanceledException
            // of its own when the broker closes the channel under it (MassTransit#5068), and that page must go out again too.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = retry =>
            {
                logger.LogWarning(retry.Outcome.Exception, "Publishing a page of the integration stream failed; publishing it again (retry {Attempt})",
                    retry.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var events = page.Events.Select(ChatEvents.ToV1).ToList();
        await _untilTheBrokerTakesIt.ExecuteAsync(async ct =>
        {
            foreach (var e in events) await bus.Publish(e, ct);
        }, cancellationToken);
        // Resolved here, not in the constructor: the consumer needs the document store, which is built with this subscription.
        if (services.GetService<IInProcessConsumer>() is { } inProcess) await inProcess.Consume(events, cancellationToken);
        return NullChangeListener.Instance;
    }
}
