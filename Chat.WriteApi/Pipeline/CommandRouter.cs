using Chat.WriteApi.Limits;

namespace Chat.WriteApi.Pipeline;

/// <summary>
/// Where every conversation command goes: this node's writer, or, when several nodes run and another node owns the
/// conversation, that node's writer over the bus (<see cref="CommandForwarding"/>). Callers are answered the same way
/// either way: after the commit.
/// </summary>
public sealed class CommandRouter(ConversationWriter writer, ConversationOwners owners, MessageRateLimit limit, CommandForwarding? forwarding = null)
{
    public Task<WriteOutcome> Submit(ConversationCommand command, CancellationToken ct)
    {
        limit.Take(command);
        if (forwarding is null) return writer.Submit(command, ct);
        var owner = owners.OwnerOf(command.ConversationId);
        return owner == owners.Self ? writer.Submit(command, ct) : forwarding.Forward(owner, command, ct);
    }

    /// <summary>For the routes whose answer is only that the command is committed: 204.</summary>
    public async Task<IResult> SubmitThenNoContent(ConversationCommand command, CancellationToken ct)
    {
        await Submit(command, ct);
        return Results.NoContent();
    }
}
