using System.Text.Json;
using Chat.Contracts.Integration;
using Chat.Domain.Conversations;
using Chat.Domain.Reports;
using Chat.Domain.Users;
using JasperFx.Events;

namespace Chat.Projections.Integration;

/// <summary>A stored event as those outside the server read it: the analytics stream and the audit feed (docs/events.md).</summary>
public static class ChatEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChatEventV1 ToV1(IEvent e) => new(e.Id, e.Sequence, e.StreamId, e.EventTypeName, e.Timestamp, ToData(e.Data));

    // Never a secret: a registration or a password change goes out without its password hash, a push token registration
    // without the token, a group's invite link without its code (whoever holds it may join), a report without its quotes.
    private static JsonElement ToData(object data) => data switch
    {
        UserRegistered r => JsonSerializer.SerializeToElement(new { r.UserId, r.Username, r.DisplayName, r.RegisteredAt }, Json),
        PushTokenRegistered p => JsonSerializer.SerializeToElement(new { p.UserId, p.DeviceId, p.Platform, p.At }, Json),
        PasswordChanged p => JsonSerializer.SerializeToElement(new { p.UserId, p.At }, Json),
        GroupInviteLinkSet l => JsonSerializer.SerializeToElement(new { l.ConversationId, l.SetBy, l.At, l.ExpiresAt }, Json),
        // What a reporter quoted is for the operators reviewing it, not for analysts or the audit: the ids only.
        UserReported r => JsonSerializer.SerializeToElement(new
        {
            r.ReportId, r.ReporterId, r.ReportedUserId, r.ConversationId, r.Reason, MessageIds = r.Messages.Select(m => m.MessageId), r.At,
        }, Json),
        _ => JsonSerializer.SerializeToElement(data, data.GetType(), Json),
    };
}
