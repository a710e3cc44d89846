using Chat.ReadApi.Analytics;
using Chat.ReadApi.Attachments;
using Chat.ReadApi.Audit;
using Chat.ReadApi.Conversations;
using Chat.ReadApi.Accounts;
using Chat.ReadApi.History;
using Chat.ReadApi.Keys;
using Chat.ReadApi.Operator;

namespace Chat.ReadApi;

public static class ReadApiSetup
{
    public static IEndpointRouteBuilder MapChatReadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapListConversations();
        api.MapGetMessages();
        api.MapGetConversation();
        api.MapPreviewInvite();
        api.MapGetReceipts();
        api.MapGetSessions();
        api.MapListReports();
        api.MapGetAccount();
        api.MapGetActivity();
        api.MapListDevices();
        api.MapListBlocked();
        api.MapGetUser();
        api.MapGetAvatar();
        api.MapGetGroupPhoto();
        api.MapGetMyKeys();
        api.MapGetAttachment();
        api.MapAuditFeed();
        return app;
    }
}
