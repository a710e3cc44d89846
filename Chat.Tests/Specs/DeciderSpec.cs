using Chat.Domain;
using Chat.Domain.Conversations;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Given events, when a command, then events or a domain error: the decider alone, no clock, no database.</summary>
public sealed class DeciderSpec
{
    private Conversation? _state;

    public static DeciderSpec Given(params object[] events)
    {
        var spec = new DeciderSpec();
        foreach (var e in events) spec._state = Conversation.Evolve(spec._state, e);
        return spec;
    }

    public object[] When(ConversationCommand command) => Conversation.Decide(command, _state!);

    public void Then(ConversationCommand command, params object[] expected) =>
        When(command).Should().BeEquivalentTo(expected, o => o.RespectingRuntimeTypes().WithStrictOrdering());

    public void ThenFails(ConversationCommand command, string code, string? field = null)
    {
        var error = FluentActions.Invoking(() => When(command)).Should().Throw<DomainError>().Which;
        error.Code.Should().Be(code);
        if (field is not null) error.Field.Should().Be(field);
    }
}
