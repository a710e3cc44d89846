using Microsoft.Extensions.FileProviders;

namespace Chat.Server;

/// <summary>
/// The web client (Chat.Web) at /: its files and the SignalR browser bundle are copied into wwwroot beside the
/// server's assembly by the build, so nothing is fetched from elsewhere at run time.
/// </summary>
public static class WebClient
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Everything the client loads or connects to is this server's, and no other site may frame it: a message body
    /// that slipped into markup could run nothing (the client also only ever sets text). Pictures in messages are
    /// fetched with the token and shown from blob: URLs.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseWebClient(this WebApplication app)
    {
        if (!File.Exists(Path.Combine(Root, "index.html")))
        {
            app.Logger.LogWarning("No web client at {Root}: build Chat.Server (it copies Chat.Web there) to serve it", Root);
            return app;
        }
        var files = new PhysicalFileProvider(Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Revalidate each time (ETag): a new server version's client is picked up on the next load.
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
        return app;
    }
}
