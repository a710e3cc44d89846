using System.Text.Json;

namespace Chat.WriteApi.Pipeline;

// Node-to-node messages of command forwarding (docs/adr/0006-multi-node.md). Internal: not part of the public
// protocol or of the analytics stream.

/// <summary>Commands for conversations the receiving node owns, in the order the sending node was given them.</summary>
public sealed record ForwardedCommands(string FromNode, ForwardedCommand[] Commands);

/// <summary>A command on the wire: its JSON and which command it is.</summary>
public sealed record ForwardedCommand(Guid RequestId, string Type, string Json)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ForwardedCommand From(Guid requestId, ConversationCommand command) =>
        new(requestId, command.GetType().Name, JsonSerializer.Serialize(command, command.GetType(), Options));

    public ConversationCommand ToCommand() => Type switch
    {
        nameof(SendMessage) => JsonSerializer.Deserialize<SendMessage>(Json, Options)!,
        nameof(AckDelivered) => JsonSerializer.Deserialize<AckDelivered>(Json, Options)!,
        nameof(MarkRead) => JsonSerializer.Deserialize<MarkRead>(Json, Options)!,
        nameof(AddMembers) => JsonSerializer.Deserialize<AddMembers>(Json, Options)!,
        nameof(RemoveMember) => JsonSerializer.Deserialize<RemoveMember>(Json, Options)!,
        nameof(RenameGroup) => JsonSerializer.Deserialize<RenameGroup>(Json, Options)!,
        nameof(SetGroupDescription) => JsonSerializer.Deserialize<SetGroupDescription>(Json, Options)!,
        nameof(SetGroupPhoto) => JsonSerializer.Deserialize<SetGroupPhoto>(Json, Options)!,
        nameof(SetAdmin) => JsonSerializer.Deserialize<SetAdmin>(Json, Options)!,
        nameof(ResetInviteLink) => JsonSerializer.Deserialize<ResetInviteLink>(Json, Options)!,
        nameof(RevokeInviteLink) => JsonSerializer.Deserialize<RevokeInviteLink>(Json, Options)!,
        nameof(SetSendPolicy) => JsonSerializer.Deserialize<SetSendPolicy>(Json, Options)!,
        nameof(JoinByInvite) => JsonSerializer.Deserialize<JoinByInvite>(Json, Options)!,
        nameof(EditMessage) => JsonSerializer.Deserialize<EditMessage>(Json, Options)!,
        nameof(DeleteMessage) => JsonSerializer.Deserialize<DeleteMessage>(Json, Options)!,
        nameof(ReactToMessage) => JsonSerializer.Deserialize<ReactToMessage>(Json, Options)!,
        nameof(SetBlocked) => JsonSerializer.Deserialize<SetBlocked>(Json, Options)!,
        nameof(SetDisappearingTimer) => JsonSerializer.Deserialize<SetDisappearingTimer>(Json, Options)!,
        nameof(RemoveDeletedAccount) => JsonSerializer.Deserialize<RemoveDeletedAccount>(Json, Options)!,
        nameof(ExpireMessage) => JsonSerializer.Deserialize<ExpireMessage>(Json, Options)!,
        _ => throw new InvalidOperationException($"{Type} is not a forwarded command"),
    };
}

/// <summary>What the owner's writer answered, for the node that forwarded the commands.</summary>
public sealed record ForwardedResults(ForwardedResult[] Results);

public sealed record ForwardedResult(
    Guid RequestId, MessageSent? Message, bool Duplicate, string? ErrorCode, string? Error, string? ErrorField, MessageRevised? Revision = null)
{
    public static ForwardedResult From(Guid requestId, Task<WriteOutcome> done) => done.IsCompletedSuccessfully
        ? new(requestId, done.Result.Message, done.Result.Duplicate, null, null, null, done.Result.Revision)
        : done.Exception?.InnerException is DomainError e
            ? new(requestId, null, false, e.Code, e.Message, e.Field)
            : new(requestId, null, false, ErrorCodes.Unavailable, "The command could not be stored; retry it (a send with the same clientMessageId).", null);

    public WriteOutcome ToOutcome() =>
        ErrorCode is null ? new WriteOutcome(Message, Duplicate, Revision) : throw new DomainError(ErrorCode, Error!, ErrorField);
}
