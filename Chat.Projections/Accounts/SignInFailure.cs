namespace Chat.Projections.Accounts;

/// <summary>
/// One failed sign-in for a (normalised) username: a document of its own per failure, so nodes count them together
/// without a shared counter to race on. Not event-sourced: it is throttling state, deleted once out of the window.
/// </summary>
public sealed record SignInFailure(Guid Id, string Username, DateTimeOffset At);
