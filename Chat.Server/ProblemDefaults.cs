using Chat.Domain;
using Chat.WriteApi;

namespace Chat.Server;

public static class ProblemDefaults
{
    /// <summary>Every problem response carries a machine-readable "code", also those the framework writes itself.</summary>
    public static IServiceCollection AddChatProblemDetails(this IServiceCollection services) =>
        services.AddExceptionHandler<DomainErrorHandler>().AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Extensions.ContainsKey("code")) return;
            problem.Extensions["code"] = problem.Status switch
            {
                StatusCodes.Status400BadRequest => "bad_request",
                StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
                StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
                StatusCodes.Status404NotFound => ErrorCodes.NotFound,
                StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                StatusCodes.Status409Conflict => ErrorCodes.Conflict,
                StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
                StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
                >= 400 and < 500 => "bad_request",
                _ => "internal_error",
            };
            if (problem.Status == StatusCodes.Status400BadRequest)
                problem.Detail ??= "The request could not be read: send valid JSON with the documented fields, and numbers and ids where the route and query take them.";
        });
}
