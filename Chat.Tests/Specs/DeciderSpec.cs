using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Given events, when a command, then events or a domain error: the decider alone, no clock, no database.</summary>
public sealed class DeciderSpec
{
    private Conversation? _state;
    private readonly Dictionary<Guid, MessageFacts> _messages = [];

    public static DeciderSpec Given(params object[] events)
    {
        var spec = new DeciderSpec();
        foreach (var e in events)
        {
            spec._state = Conversation.Evolve(spec._state, e);
            if (e is MessageSent m) spec._messages[m.MessageId] = new MessageFacts(m.MessageId, m.ConversationId, m.SenderId, m.Sequence, m.SentAt, m.Body, ExpiresAt: m.ExpiresAt);
            if (e is MessageEdited edited) spec._messages[edited.MessageId] = spec._messages[edited.MessageId] with { Body = edited.Body };
            if (e is MessageDeleted deleted) spec._messages[deleted.MessageId] = spec._messages[deleted.MessageId] with { Body = null };
            if (e is ReactionChanged reacted) spec._messages[reacted.MessageId] = spec._messages[reacted.MessageId] with
            {
                Reactions = new Dictionary<Guid, string>((spec._messages[reacted.MessageId].Reactions ?? new Dictionary<Guid, string>())
                    .Where(r => r.Key != reacted.UserId).Concat(reacted.Emoji is { } emoji ? [KeyValuePair.Create(reacted.UserId, emoji)] : [])),
            };
        }
        return spec;
    }

    /// <summary>An edit, a deletion or a reaction is decided with the message as the given events left it, as the writer reads it.</summary>
    public object[] When(ConversationCommand command) =>
        Conversation.Decide(command, _state!, command is RevisionCommand r ? _messages.GetValueOrDefault(r.MessageId) : null);

    public void Then(ConversationCommand command, params object[] expected) =>
        When(command).Should().BeEquivalentTo(expected, o => o.RespectingRuntimeTypes().WithStrictOrdering());

    public void ThenFails(ConversationCommand command, string code, string? field = null)
    {
        var error = FluentActions.Invoking(() => When(command)).Should().Throw<DomainError>().Which;
        error.Code.Should().Be(code);
        if (field is not null) error.Field.Should().Be(field);
    }
}
