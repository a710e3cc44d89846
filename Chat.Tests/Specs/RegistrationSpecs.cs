using Chat.Domain;
using Chat.Domain.Users;
using FluentAssertions;

namespace Chat.Tests.Specs;

public class RegistrationSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Registering_keeps_only_the_hash_of_the_password()
    {
        var id = Guid.NewGuid();
        var e = Registration.Decide(new RegisterUser(id, "alice", "Alice ", "s3cret-pass", Now), p => "hash:" + p.Length);
        e.Should().Be(new UserRegistered(id, "alice", "Alice", "hash:11", Now));
    }

    [Theory]
    [InlineData("ab", "Alice", "long-enough", "username")]
    [InlineData("has space", "Alice", "long-enough", "username")]
    [InlineData("alice", "", "long-enough", "displayName")]
    [InlineData("alice", "Alice", "short", "password")]
    public void Invalid_registrations_name_the_field(string username, string displayName, string password, string field)
    {
        var error = FluentActions.Invoking(() => Registration.Decide(new RegisterUser(Guid.NewGuid(), username, displayName, password, Now), p => p))
            .Should().Throw<DomainError>().Which;
        error.Code.Should().Be(ErrorCodes.Validation);
        error.Field.Should().Be(field);
    }

    [Fact]
    public void Usernames_compare_case_insensitively() => Registration.Normalize(" Alice ").Should().Be("alice");
}
