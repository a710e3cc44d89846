using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi;

/// <summary>
/// An invocation whose arguments cannot be read (a string where an object belongs, a field of the wrong type) is
/// answered by SignalR itself with a bare "Failed to invoke" and no code, before any hub filter runs. Each protocol is
/// wrapped so that such an invocation becomes a call of <see cref="ChatHub.ArgumentsNotRead"/>, which answers
/// <c>validation_failed</c> like any other bad input (<c>not_found</c> for a method the hub does not have).
/// </summary>
public sealed class UnreadableArguments(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(
        ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failure)
            message = new InvocationMessage(failure.InvocationId, nameof(ChatHub.ArgumentsNotRead), [failure.Target]);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    /// <summary>Wraps every hub protocol registered so far.</summary>
    public static void WrapProtocols(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
            if (services[i].ServiceType == typeof(IHubProtocol) && services[i].ImplementationType is { } protocol)
                services[i] = ServiceDescriptor.Singleton<IHubProtocol>(sp =>
                    new UnreadableArguments((IHubProtocol)ActivatorUtilities.CreateInstance(sp, protocol)));
    }
}

public sealed partial class ChatHub
{
    /// <summary>Not for clients: the method an invocation with unreadable arguments, or of no method, is turned into.</summary>
    public Task ArgumentsNotRead(string method) =>
        throw (typeof(ChatHub).GetMethod(method, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is null
            ? DomainError.NotFound($"The hub method {method}")
            : DomainError.Invalid("arguments", $"The arguments of {method} could not be read; see docs/protocol.md for their shape."));
}
