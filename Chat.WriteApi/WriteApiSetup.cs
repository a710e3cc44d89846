using Chat.Domain.Conversations;
using Chat.WriteApi.Accounts;
using Chat.WriteApi.Attachments;
using Chat.WriteApi.Conversations;
using Chat.WriteApi.Groups;
using Chat.WriteApi.Keys;
using Chat.WriteApi.Limits;
using Chat.WriteApi.Pipeline;
using Chat.WriteApi.Notifications;
using Chat.WriteApi.Realtime;
using Chat.WriteApi.Reports;
using Chat.WriteApi.Typing;
using Chat.WriteApi.Presence;
using Chat.WriteApi.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.WriteApi;

public static class WriteApiSetup
{
    public static IServiceCollection AddChatWriteApi(this IServiceCollection services)
    {
        services.AddSingleton(sp => GroupSettings.From(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton(sp => NodeIdentity.From(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton<SessionMap>();
        services.AddSingleton(sp => new Pushes(sp.GetRequiredService<ConnectionRegistry>(), sp.GetService<RemoteDelivery>()));
        services.AddSingleton<Delivery>();
        services.AddSingleton<Relay>();
        services.AddSingleton<WriteModelCache>();
        services.AddSingleton<ConversationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversationWriter>());
        services.AddSingleton<ConversationOwners>();
        services.AddSingleton(sp => MessageRateLimit.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new CommandRouter(sp.GetRequiredService<ConversationWriter>(), sp.GetRequiredService<ConversationOwners>(),
            sp.GetRequiredService<MessageRateLimit>(), sp.GetService<CommandForwarding>()));
        services.AddMemoryCache();
        services.AddSingleton<ReadReceiptSettings>();
        services.AddSingleton<TypingIndicators>();
        services.AddHostedService(sp => sp.GetRequiredService<TypingIndicators>());
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddHostedService<SessionMapHeartbeat>();
        services.AddHostedService<DisappearingMessages>();
        services.AddSingleton(sp => RegistrationRateLimit.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ReportRateLimit.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ClaimRateLimit.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSignalR(o =>
        {
            o.AddFilter<DomainErrorHubFilter>();
            // A client may pipeline sends; they still enter the writer in arrival order (docs/adr/0002-group-commit.md).
            o.MaximumParallelInvocationsPerClient = 8;
            o.MaximumReceiveMessageSize = MaximumHubMessageBytes;
        }).AddMessagePackProtocol();
        UnreadableArguments.WrapProtocols(services);
        services.AddSingleton<HubConnections>();
        services.AddSingleton<HubLifetimeManager<ChatHub>>(sp => sp.GetRequiredService<HubConnections>());
        return services;
    }

    /// <summary>
    /// The largest hub message a valid call makes: a send of the longest body and client message id, every character
    /// written as a six-byte JSON escape (the .NET client escapes all non-ASCII text), plus the envelope. SignalR's
    /// default of 32 KB would close the connection of anyone sending a long message.
    /// </summary>
    public const long MaximumHubMessageBytes = 6 * (Conversation.MaxBodyLength + Conversation.MaxClientMessageIdLength) + 4096;

    public static IEndpointRouteBuilder MapChatWriteApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapRegisterUser();
        api.MapIssueToken();
        api.MapRefreshToken();
        api.MapChangeProfile();
        api.MapOpenDirectConversation();
        api.MapBlockUser();
        api.MapDisappearingTimer();
        api.MapSendMessage();
        api.MapReceipts();
        api.MapReviseMessage();
        api.MapCreateGroup();
        api.MapManageGroup();
        api.MapGroupInvites();
        api.MapPresence();
        api.MapPrivacy();
        api.MapRemoveDevice();
        api.MapDeleteAccount();
        api.MapSuspendAccount();
        api.MapChangeAvatar();
        api.MapGroupPhoto();
        api.MapPublishKeys();
        api.MapClaimKeys();
        api.MapUploadAttachment();
        api.MapPushTokens();
        api.MapMutes();
        api.MapArrangeList();
        api.MapClearHistory();
        api.MapDeleteChat();
        api.MapDeleteForMe();
        api.MapReports();
        // A connection lives no longer than the token it was opened with: a client reconnects with a refreshed one.
        app.MapHub<ChatHub>(HubNames.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
