using System.Collections.Concurrent;
using System.Threading.Channels;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Sessions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// Several nodes: hands commands to the node that owns their conversation and carries the answers back. One loop
/// sends everything in order, batched per node: commands to the owner's queue <c>chat-commands-&lt;node&gt;</c>,
/// answers to the asking node's queue. The owner submits a batch's commands to its writer in the order they came,
/// so a connection's pipelined sends keep their order. An owner that does not answer within
/// <see cref="AnswerTimeout"/> (it may have just died) is bypassed: the command is written here, which is safe because
/// sends are idempotent, watermarks never move back and the stream version guards the rest.
/// </summary>
public sealed class CommandForwarding(ConversationWriter writer, NodeIdentity self, IServiceProvider services, ILogger<CommandForwarding> logger)
    : BackgroundService
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);
    private const int MaxBatch = 512;

    private readonly ConcurrentDictionary<Guid, Waiting> _waiting = new();
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new() { SingleReader = true });

    public static string EndpointName(string nodeId) => $"chat-commands-{nodeId}";

    private static Uri CommandsAddress(string nodeId) => NodeQueues.Address(EndpointName(nodeId));

    public async Task<WriteOutcome> Forward(string owner, ConversationCommand command, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var waiting = new Waiting(command, new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiting[id] = waiting;
        _outbox.Writer.TryWrite(new Outgoing(owner, ForwardedCommand.From(id, command), null));
        try
        {
            return await waiting.Done.Task.WaitAsync(AnswerTimeout, ct);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Node {Owner} did not answer a forwarded {Command} within {Timeout}; writing it on this node",
                owner, command.GetType().Name, AnswerTimeout);
            return await writer.Submit(command, ct);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>The owner's side: submit in arrival order, answer each command when its commit is done.</summary>
    public void Execute(ForwardedCommands batch)
    {
        foreach (var forwarded in batch.Commands)
        {
            Task<WriteOutcome> done;
            try { done = writer.Submit(forwarded.ToCommand(), CancellationToken.None); }
            catch (Exception e) { done = Task.FromException<WriteOutcome>(e); }
            done.ContinueWith(t => _outbox.Writer.TryWrite(new Outgoing(batch.FromNode, null, ForwardedResult.From(forwarded.RequestId, t))),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>The asking node's side: answers come back to the callers waiting for them.</summary>
    public void Complete(ForwardedResults results)
    {
        foreach (var result in results.Results)
        {
            if (!_waiting.TryRemove(result.RequestId, out var waiting)) continue; // timed out and written here meanwhile
            try { waiting.Done.TrySetResult(result.ToOutcome()); }
            catch (DomainError error) { waiting.Done.TrySetException(error); }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: the bus is built from consumers that need this service.
        var bus = services.GetRequiredService<IBus>();
        var batch = new List<Outgoing>(MaxBatch);
        while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _outbox.Reader.TryRead(out var next)) batch.Add(next);
            foreach (var node in batch.GroupBy(o => o.Node))
            {
                var commands = node.Where(o => o.Command is not null).Select(o => o.Command!).ToArray();
                var results = node.Where(o => o.Result is not null).Select(o => o.Result!).ToArray();
                if (commands.Length > 0) await Send(bus, CommandsAddress(node.Key), new ForwardedCommands(self.NodeId, commands), commands, stoppingToken);
                if (results.Length > 0) await Send(bus, RemoteDelivery.NodeAddress(node.Key), new ForwardedResults(results), [], stoppingToken);
            }
        }
    }

    private async Task Send(IBus bus, Uri address, object message, ForwardedCommand[] commands, CancellationToken ct)
    {
        try
        {
            await bus.SendWithin(address, message, AnswerTimeout, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Commands that could not leave are written here; lost answers make their askers time out and do the same.
            logger.LogWarning(e, "Could not send {Message} to {Address}", message.GetType().Name, address);
            foreach (var command in commands)
                if (_waiting.TryRemove(command.RequestId, out var waiting)) _ = WriteHere(waiting);
        }
    }

    private async Task WriteHere(Waiting waiting)
    {
        try { waiting.Done.TrySetResult(await writer.Submit(waiting.Command, CancellationToken.None)); }
        catch (Exception e) { waiting.Done.TrySetException(e); }
    }

    private sealed record Waiting(ConversationCommand Command, TaskCompletionSource<WriteOutcome> Done);

    private sealed record Outgoing(string Node, ForwardedCommand? Command, ForwardedResult? Result);
}

/// <summary>Commands other nodes forwarded because this node owns their conversations.</summary>
public sealed class ForwardedCommandsConsumer(CommandForwarding forwarding) : IConsumer<ForwardedCommands>
{
    public Task Consume(ConsumeContext<ForwardedCommands> context)
    {
        forwarding.Execute(context.Message);
        return Task.CompletedTask;
    }
}
