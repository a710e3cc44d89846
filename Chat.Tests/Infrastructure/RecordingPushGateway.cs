using System.Collections.Concurrent;
using System.Net;
using Chat.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// The team's push gateway as the server sees it, on 127.0.0.1: an HTTP endpoint that takes the server's notification
/// posts (docs/protocol.md, "Push notifications"), keeps them for the test, and can be told to fail or reject tokens.
/// </summary>
public sealed class RecordingPushGateway : IAsyncDisposable
{
    public const string Key = "gateway-secret";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<PushNotification> _received = new();

    public Uri Url { get; }
    public IReadOnlyCollection<PushNotification> Received => _received;
    public int Requests => _requests;
    public int Unauthorized => _unauthorized;
    public bool Failing { get; set; }
    public ConcurrentDictionary<string, bool> DeadTokens { get; } = new();
    private int _requests, _unauthorized;

    private RecordingPushGateway(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public static async Task<RecordingPushGateway> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingPushGateway? gateway = null;
        app.MapPost("/push", async (HttpContext http) =>
        {
            Interlocked.Increment(ref gateway!._requests);
            if (http.Request.Headers.Authorization != $"Bearer {Key}")
            {
                Interlocked.Increment(ref gateway._unauthorized);
                return Results.StatusCode(401);
            }
            if (gateway.Failing) return Results.StatusCode(503);
            var request = await http.Request.ReadFromJsonAsync<PushGatewayRequest>();
            foreach (var n in request!.Notifications) gateway._received.Enqueue(n);
            return Results.Ok(new PushGatewayResponse([.. request.Notifications.Select(n => n.Token).Where(gateway.DeadTokens.ContainsKey).Distinct()]));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return gateway = new RecordingPushGateway(app, new Uri(new Uri(address), "/push"));
    }

    /// <summary>Waits until a notification matching <paramref name="match"/> has come.</summary>
    public async Task<PushNotification> WaitFor(Func<PushNotification, bool> match) =>
        await Eventually.Get(() => _received.FirstOrDefault(match), n => n is not null, TimeSpan.FromSeconds(15))
        ?? throw new TimeoutException("The push gateway got no such notification.");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
