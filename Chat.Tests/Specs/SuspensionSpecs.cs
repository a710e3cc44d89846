using Chat.Domain;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>Suspending an account and lifting it (docs/adr/0024-account-suspension.md).</summary>
public class SuspensionSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Bob = Guid.NewGuid(), Operator = Guid.NewGuid();

    private static readonly Suspension Spam = new("spam", null);

    private static AccountSuspended? Suspend(string? reason, Suspension? current = null, Guid? by = null, DateTimeOffset? until = null) =>
        Suspensions.Suspend(new SuspendAccount(Bob, by ?? Operator, reason, Now, until), current);

    [Fact]
    public void A_suspension_needs_a_reason_to_show_and_another_account_and_is_recorded_once()
    {
        Suspend("  spam  ").Should().Be(new AccountSuspended(Bob, Operator, "spam", Now));
        Suspend("another reason", current: Spam).Should().BeNull("a standing suspension keeps its reason");
        foreach (var bad in new[] { null, "", "   ", new string('x', Suspensions.MaxReasonLength + 1), "a\0b" })
            FluentActions.Invoking(() => Suspend(bad)).Should().Throw<DomainError>().Which.Field.Should().Be("reason");
        FluentActions.Invoking(() => Suspend("oops", by: Bob)).Should().Throw<DomainError>().Which.Field.Should().Be("userId");
    }

    [Fact]
    public void Reinstating_lifts_a_standing_suspension_only_and_sign_in_names_the_reason_until_then()
    {
        Suspensions.Reinstate(Bob, Operator, Spam, Now).Should().Be(new AccountReinstated(Bob, Operator, Now));
        Suspensions.Reinstate(Bob, Operator, null, Now).Should().BeNull();
        FluentActions.Invoking(() => Suspensions.EnsureNotSuspended(Spam)).Should().Throw<DomainError>()
            .Which.Should().Match<DomainError>(e => e.Code == ErrorCodes.Suspended && e.Message.Contains("spam"));
        FluentActions.Invoking(() => Suspensions.EnsureNotSuspended(null)).Should().NotThrow();
    }

    [Fact]
    public void A_suspension_may_end_by_itself_at_a_time_in_the_future_which_sign_in_names()
    {
        var week = Now.AddDays(7);
        Suspend("spam", until: week).Should().Be(new AccountSuspended(Bob, Operator, "spam", Now, week));
        FluentActions.Invoking(() => Suspend("spam", until: Now)).Should().Throw<DomainError>().Which.Field.Should().Be("until");
        FluentActions.Invoking(() => Suspensions.EnsureNotSuspended(new Suspension("spam", week))).Should().Throw<DomainError>()
            .Which.Message.Should().Be("This account is suspended until 2026-12-07 02:00 UTC: spam");
    }
}
