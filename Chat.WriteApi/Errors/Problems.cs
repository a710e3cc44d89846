using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.WriteApi;

/// <summary>RFC 7807 problem details for every error; the "code" extension is the same machine-readable code the hub sends.</summary>
public static class Problems
{
    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.Validation => StatusCodes.Status400BadRequest,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Forbidden or ErrorCodes.Blocked or ErrorCodes.Suspended or ErrorCodes.PrivacyRestricted => StatusCodes.Status403Forbidden,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.PayloadTooLarge or ErrorCodes.QuotaExceeded => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.Gone => StatusCodes.Status410Gone,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    public static ProblemDetails From(DomainError error)
    {
        var problem = error.Field is null
            ? new ProblemDetails()
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        problem.Status = StatusFor(error.Code);
        problem.Title = error.Message;
        problem.Extensions["code"] = error.Code;
        return problem;
    }

    /// <summary>Writes the error's problem, with its Retry-After when it has one; headers set earlier stay.</summary>
    public static async Task Write(HttpContext http, DomainError error)
    {
        var problem = From(error);
        http.Response.StatusCode = problem.Status!.Value;
        AddRetryAfter(http.Response, error);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = error });
    }

    internal static void AddRetryAfter(HttpResponse response, DomainError error)
    {
        if (error.RetryAfter is { } after) response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString();
    }
}

/// <summary>Maps a <see cref="DomainError"/> or an unreadable request thrown by any endpoint to its problem response.</summary>
public sealed class DomainErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            DomainError error => Problems.From(error),
            _ when StoreErrors.IsUnavailable(exception) =>
                Problems.From(new DomainError(ErrorCodes.Unavailable, StoreErrors.UnavailableMessage)),
            // Malformed JSON or a missing body; thrown (not just answered) when ThrowOnBadRequest is on, as in Development.
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message, // its code follows the status
            },
            _ => null,
        };
        if (problem is null) return false;
        http.Response.StatusCode = problem.Status!.Value;
        // Set here: the exception handler middleware cleared the response's headers before calling this.
        if (exception is DomainError limited) Problems.AddRetryAfter(http.Response, limited);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>
/// Hub errors carry the code as "code: message", the only text SignalR sends to the caller. Unexpected
/// failures are logged here with the method and user (SignalR's own dispatcher log is turned down).
/// </summary>
public sealed class DomainErrorHubFilter(ILogger<DomainErrorHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainError error)
        {
            throw new HubException($"{error.Code}: {error.Message}");
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            logger.LogError(e, "Hub method {Method} failed for user {User}", context.HubMethodName, context.Context.User?.FindFirst(Chat.Projections.Accounts.CallerIdentity.SubjectClaim)?.Value);
            throw new HubException($"{ErrorCodes.Unavailable}: The server could not complete {context.HubMethodName}; retry it.");
        }
    }
}
