using Scalar.AspNetCore;

namespace Chat.Server;

/// <summary>The OpenAPI document generated from the endpoints, at /openapi/v1.json, browsable at /docs.</summary>
public static class ApiDocs
{
    public static IServiceCollection AddChatApiDocs(this IServiceCollection services) => services.AddOpenApi();

    public static void MapChatApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Chat backend API")).AllowAnonymous();
    }
}
