using System.Net;
using Chat.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Infrastructure;

/// <summary>The real server (Program) on Kestrel at a random loopback port, on the test PostgreSQL.</summary>
public class ChatServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    // Hosts of parallel test classes share one schema; creating it is done by one host at a time.
    private static readonly SemaphoreSlim SchemaGate = new(1, 1);

    protected virtual string Schema => TestDatabase.SharedSchema;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("chat-tests-").FullName;
    public Uri Address { get; private set; } = null!;
    public string OperatorName { get; } = $"op-{Guid.NewGuid():N}"[..24];
    public string AuditorName { get; } = $"audit-{Guid.NewGuid():N}"[..24];

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", TestDatabase.ConnectionString);
        builder.UseSetting("Chat:Schema", Schema);
        builder.UseSetting("Chat:DataDirectory", DataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Chat:Operators", OperatorName);
        builder.UseSetting("Chat:Auditors", AuditorName);
        // Tests send thousands of messages as fast as they can; MessageRateLimitTests sets the limit it checks.
        builder.UseSetting("Chat:Limits:MessagesPerSecond", "100000");
        builder.UseSetting("Chat:Limits:MessageBurst", "100000");
        builder.UseSetting("Chat:Limits:RegistrationsPerHour", "0"); // off: every test user signs up from 127.0.0.1
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(AddServices);
    }

    /// <summary>Configuration a specialised test server sets on top of the defaults above.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Services a specialised test server adds, such as a log capture.</summary>
    protected virtual void AddServices(IServiceCollection services) { }

    public async Task InitializeAsync()
    {
        await SchemaGate.WaitAsync();
        try
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
        }
        finally
        {
            SchemaGate.Release();
        }
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
    }

    public new async Task DisposeAsync() => await base.DisposeAsync();

    public ChatApi NewApi() => new(new HttpClient { BaseAddress = Address });

    /// <summary>A registered, signed-in user with a fresh name, so tests need no cleanup.</summary>
    public async Task<ChatApi> NewUser(string prefix = "user")
    {
        var api = NewApi();
        var username = $"{prefix}-{Guid.NewGuid():N}"[..32];
        await api.Register(username, "correct-horse-battery");
        await api.SignIn(username, "correct-horse-battery");
        return api;
    }

    /// <summary>The operator (Chat:Operators), signed in on a device of its own; registered by the first test that asks.</summary>
    public Task<ChatApi> Operator() => Staff(OperatorName);

    /// <summary>The auditor (Chat:Auditors), the same way.</summary>
    public Task<ChatApi> Auditor() => Staff(AuditorName);

    private async Task<ChatApi> Staff(string username)
    {
        var api = NewApi();
        try { await api.Register(username, "staff-password"); }
        catch (ChatApiException e) when (e.Status == 409) { } // another test of the class registered it
        await api.SignIn(username, "staff-password");
        return api;
    }

    /// <summary>The same user signed in on another device.</summary>
    public async Task<ChatApi> OnDevice(ChatApi user, string deviceId, string? deviceName = null)
    {
        var api = NewApi();
        await api.SignIn(user.Username!, "correct-horse-battery", deviceId, deviceName);
        return api;
    }

    /// <summary>Two fresh users and their direct conversation.</summary>
    public async Task<(ChatApi Alice, ChatApi Bob, Guid ConversationId)> NewConversation()
    {
        var alice = await NewUser("alice");
        var bob = await NewUser("bob");
        return (alice, bob, await alice.OpenDirect(bob.UserId));
    }

    public ChatConnection Connect(ChatApi user, Microsoft.AspNetCore.Http.Connections.HttpTransportType transport =
        Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets, HubProtocol protocol = HubProtocol.Json) =>
        new(Address, user.AccessToken!, transport, protocol);
}
