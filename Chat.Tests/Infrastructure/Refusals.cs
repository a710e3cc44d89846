using Chat.Client;
using FluentAssertions;

namespace Chat.Tests.Infrastructure;

public static class Refusals
{
    /// <summary>Asserts the call is refused with the problem's status and code, and gives the error for more checks.</summary>
    public static async Task<ChatApiException> Refused(Func<Task> call, int status, string code, string because = "")
    {
        var error = (await FluentActions.Awaiting(call).Should().ThrowAsync<ChatApiException>(because)).Which;
        (error.Status, error.Code).Should().Be((status, code), because);
        return error;
    }
}
