namespace Chat.Projections.Limits;

/// <summary>
/// One attempt counted by a limit (<see cref="Key"/>: the limit and whom it counts, e.g. a username's failed sign-ins):
/// a document of its own per attempt, so nodes count together without a shared counter to race on. Not event-sourced:
/// throttling state, deleted once out of its window.
/// </summary>
public sealed record RecentAttempt(Guid Id, string Key, DateTimeOffset At);
