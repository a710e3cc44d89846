using System.Net;
using System.Net.Sockets;
using Chat.Client;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Three accounts an hour per address, on a schema of its own so no other test's sign-ups count.</summary>
public sealed class RegistrationLimitedChatServer : ChatServer
{
    protected override string Schema { get; } = TestDatabase.PrivateSchema("signup");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Chat:Limits:RegistrationsPerHour"] = "3",
    };

    /// <summary>A client whose connections come from another loopback address.</summary>
    public ChatApi From(IPAddress local) => new(new HttpClient(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = Address });
}

/// <summary>Accounts minted in bulk from one address are refused (docs/adr/0023-message-rate-limit.md).</summary>
public class RegistrationLimitTests(RegistrationLimitedChatServer server) : IClassFixture<RegistrationLimitedChatServer>
{
    [Fact]
    public async Task An_address_registers_three_accounts_an_hour_and_the_fourth_is_refused_while_another_address_and_sign_ins_go_on()
    {
        var from2 = IPAddress.Parse("127.0.0.2");
        var names = Enumerable.Range(0, 4).Select(i => $"s{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        for (var i = 0; i < 3; i++) await server.From(from2).Register(names[i], "correct-horse-battery");

        var refused = await Refused(() => server.From(from2).Register(names[3], "correct-horse-battery"), 429, "rate_limited");
        refused.Message.Should().Contain("this address");
        await Refused(() => server.From(from2).SignIn(names[3], "correct-horse-battery"), 401, "unauthorized", "the refused account was not made");

        (await server.From(from2).SignIn(names[0], "correct-horse-battery")).AccessToken.Should().NotBeNullOrEmpty("signing in is not registering");
        await server.From(IPAddress.Parse("127.0.0.3")).Register(names[3], "correct-horse-battery");
    }
}
