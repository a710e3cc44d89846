using Chat.Domain;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class ProfileSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 17, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alice = Guid.NewGuid();

    private static PasswordChanged Change(string? current, string? next) =>
        Profile.ChangePassword(new ChangePassword(Alice, current, next, Now), p => p == "the-old-password", p => "hash:" + p);

    [Fact]
    public void A_password_changes_only_with_the_current_one_and_keeps_only_the_new_ones_hash()
    {
        Change("the-old-password", "the-new-password").Should().Be(new PasswordChanged(Alice, "hash:the-new-password", Now));
        FluentActions.Invoking(() => Change("a-guess-at-it", "the-new-password")).Should().Throw<DomainError>()
            .Which.Field.Should().Be("currentPassword");
        FluentActions.Invoking(() => Change(null, "the-new-password")).Should().Throw<DomainError>().Which.Field.Should().Be("currentPassword");
        FluentActions.Invoking(() => Change("the-old-password", "short")).Should().Throw<DomainError>()
            .Which.Should().Match<DomainError>(e => e.Code == ErrorCodes.Validation && e.Field == "newPassword");
    }

    [Fact]
    public void An_account_is_deleted_only_with_its_password()
    {
        AccountDeleted Delete(string? password) => Profile.DeleteAccount(new DeleteAccount(Alice, password, Now), p => p == "the-password");
        Delete("the-password").Should().Be(new AccountDeleted(Alice, Now));
        foreach (var wrong in new[] { "a-guess-at-it", null })
            FluentActions.Invoking(() => Delete(wrong)).Should().Throw<DomainError>()
                .Which.Should().Match<DomainError>(e => e.Code == ErrorCodes.Validation && e.Field == "password");
    }

    [Fact]
    public void A_display_name_changes_when_it_is_a_new_valid_one()
    {
        Profile.ChangeDisplayName(new ChangeDisplayName(Alice, " Alice Liddell ", Now), "Alice")
            .Should().Be(new DisplayNameChanged(Alice, "Alice Liddell", Now));
        Profile.ChangeDisplayName(new ChangeDisplayName(Alice, "Alice", Now), "Alice").Should().BeNull("the same name again changes nothing");
        foreach (var bad in new[] { null, "", "   ", new string('a', 65), "a\0b" })
            FluentActions.Invoking(() => Profile.ChangeDisplayName(new ChangeDisplayName(Alice, bad, Now), "Alice"))
                .Should().Throw<DomainError>().Which.Field.Should().Be("displayName");
    }
}
