using Microsoft.AspNetCore.Http.Features;

namespace Chat.Server;

/// <summary>
/// Middleware that only plain HTTP requests go through. A WebSocket request is a hub connection that stays open for
/// hours, and every middleware still awaiting it keeps its state that long (docs/adr/0009-memory-per-idle-connection.md);
/// the request log scope, the exception handler and the status-code pages have nothing to do for an upgraded
/// connection, so WebSocket requests skip them. Long polling and Server-Sent Events requests are plain requests.
/// </summary>
public static class PlainRequests
{
    public static void UseForPlainRequests(this IApplicationBuilder app, Action<IApplicationBuilder> configure) =>
        app.UseWhen(context => !IsWebSocket(context), configure);

    // Decided from the request itself: the WebSockets middleware that sets HttpContext.WebSockets runs later, inside
    // SignalR's endpoint.
    private static bool IsWebSocket(HttpContext context) =>
        context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            && string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase));
}
