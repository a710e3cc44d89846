using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Contracts;

namespace Chat.Client;

/// <summary>The HTTP half of the protocol (docs/protocol.md), one instance per signed-in user.</summary>
public sealed class ChatApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri BaseAddress => http.BaseAddress!;
    public string? AccessToken { get; private set; }
    public Guid UserId { get; private set; }
    public string? Username { get; private set; }

    public async Task<UserResponse> Register(string username, string password, string? displayName = null) =>
        await Read<UserResponse>(await http.PostAsJsonAsync("/api/users", new RegisterUserRequest(username, password, displayName ?? username), Json));

    /// <summary>Signs in on a device; without a deviceId the server uses the device "default".</summary>
    public async Task<TokenResponse> SignIn(string username, string password, string? deviceId = null, string? deviceName = null)
    {
        var token = await Read<TokenResponse>(await http.PostAsJsonAsync("/api/tokens", new TokenRequest(username, password, deviceId, deviceName), Json));
        UseToken(token.AccessToken, token.UserId);
        Username = username;
        return token;
    }

    /// <summary>Trades the current, still valid token for a fresh one for the same device; a client refreshes before it expires.</summary>
    public async Task<TokenResponse> RefreshToken()
    {
        var token = await Read<TokenResponse>(await http.PostAsync("/api/tokens/refresh", null));
        UseToken(token.AccessToken, token.UserId);
        return token;
    }

    /// <summary>Publishes this device's public keys for end-to-end encryption (docs/protocol.md, "End-to-end encryption").</summary>
    public async Task PublishKeys(PublishKeysRequest keys) => await Read<object?>(await http.PutAsJsonAsync("/api/me/keys", keys, Json));

    /// <summary>Takes the keys to start encrypted sessions with every device of the user; each one-time prekey comes once.</summary>
    public async Task<KeyBundles> ClaimKeys(Guid userId) => await Read<KeyBundles>(await http.PostAsync($"/api/users/{userId}/keys/claim", null));

    public async Task<MyKeysView> MyKeys() => await Read<MyKeysView>(await http.GetAsync("/api/me/keys"));

    public async Task<UserResponse> User(Guid userId) => await Read<UserResponse>(await http.GetAsync($"/api/users/{userId}"));

    public async Task<UserResponse> FindUser(string username) =>
        await Read<UserResponse>(await http.GetAsync($"/api/users/by-username/{Uri.EscapeDataString(username)}"));

    public async Task<IReadOnlyList<DeviceView>> Devices() => await Read<List<DeviceView>>(await http.GetAsync("/api/me/devices"));

    public async Task RemoveDevice(string deviceId) => await Read<object?>(await http.DeleteAsync($"/api/me/devices/{Uri.EscapeDataString(deviceId)}"));

    /// <summary>Acts as the user a token was issued to, e.g. against another node or after a restart.</summary>
    public void UseToken(string accessToken, Guid userId)
    {
        AccessToken = accessToken;
        UserId = userId;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    public async Task<Guid> OpenDirect(Guid otherUserId) =>
        (await Read<ConversationIdResponse>(await http.PostAsJsonAsync("/api/conversations/direct", new OpenDirectConversationRequest(otherUserId), Json))).ConversationId;

    public async Task<SendMessageResult> Send(Guid conversationId, string clientMessageId, string body) =>
        await Read<SendMessageResult>(await http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new PostMessageRequest(clientMessageId, body), Json));

    public async Task<MessageRevised> Edit(Guid conversationId, Guid messageId, string body) =>
        await Read<MessageRevised>(await http.PutAsJsonAsync($"/api/conversations/{conversationId}/messages/{messageId}", new EditMessageBody(body), Json));

    public async Task<MessageRevised> Delete(Guid conversationId, Guid messageId) =>
        await Read<MessageRevised>(await http.DeleteAsync($"/api/conversations/{conversationId}/messages/{messageId}"));

    public async Task<MessageRevised> React(Guid conversationId, Guid messageId, string? emoji) => emoji is null
        ? await Read<MessageRevised>(await http.DeleteAsync($"/api/conversations/{conversationId}/messages/{messageId}/reaction"))
        : await Read<MessageRevised>(await http.PutAsJsonAsync($"/api/conversations/{conversationId}/messages/{messageId}/reaction",
            new ReactionBody(emoji), Json));

    public async Task Receipt(Guid conversationId, string kind, long upToSequence) =>
        await Read<object?>(await http.PostAsJsonAsync($"/api/conversations/{conversationId}/receipts", new PostReceiptRequest(kind, upToSequence), Json));

    public async Task<Guid> CreateGroup(string title, params Guid[] memberIds) =>
        (await Read<ConversationIdResponse>(await http.PostAsJsonAsync("/api/groups", new CreateGroupRequest(title, memberIds), Json))).ConversationId;

    public async Task AddMembers(Guid groupId, params Guid[] userIds) =>
        await Read<object?>(await http.PostAsJsonAsync($"/api/groups/{groupId}/members", new AddMembersRequest(userIds), Json));

    public async Task RemoveMember(Guid groupId, Guid userId) =>
        await Read<object?>(await http.DeleteAsync($"/api/groups/{groupId}/members/{userId}"));

    public async Task RenameGroup(Guid groupId, string title) =>
        await Read<object?>(await http.PutAsJsonAsync($"/api/groups/{groupId}", new RenameGroupRequest(title), Json));

    /// <summary>Admins only: what the group is about; null removes it.</summary>
    public async Task SetGroupDescription(Guid groupId, string? description) =>
        await Read<object?>(await http.PutAsJsonAsync($"/api/groups/{groupId}/description", new GroupDescriptionRequest(description), Json));

    /// <summary>Admins only: the group's photo.</summary>
    public async Task SetGroupPhoto(Guid groupId, byte[] picture, string contentType = "image/jpeg")
    {
        using var body = new ByteArrayContent(picture);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        await Read<object?>(await http.PutAsync($"/api/groups/{groupId}/photo", body));
    }

    public async Task RemoveGroupPhoto(Guid groupId) => await Read<object?>(await http.DeleteAsync($"/api/groups/{groupId}/photo"));

    public async Task<byte[]> GroupPhoto(Guid groupId, string size = "large") => await Bytes($"/api/groups/{groupId}/photo?size={size}");

    /// <summary>Admins only: whether only the group's admins send messages in it (an announcement group).</summary>
    public async Task SetSendPolicy(Guid groupId, bool onlyAdmins) =>
        await Read<object?>(await http.PutAsJsonAsync($"/api/groups/{groupId}/send-policy", new SendPolicyRequest(onlyAdmins), Json));

    public async Task SetAdmin(Guid groupId, Guid userId, bool admin) =>
        await Read<object?>(admin
            ? await http.PutAsync($"/api/groups/{groupId}/admins/{userId}", null)
            : await http.DeleteAsync($"/api/groups/{groupId}/admins/{userId}"));

    /// <summary>For a group's admin: a new invite link's code (the earlier one stops working).</summary>
    public async Task<string> CreateInvite(Guid groupId) => (await CreateInvite(groupId, null)).InviteCode;

    /// <summary>A new invite link that stops working after <paramref name="expiresIn"/> (null: never).</summary>
    public async Task<InviteLinkResponse> CreateInvite(Guid groupId, TimeSpan? expiresIn) => await Read<InviteLinkResponse>(
        await http.PostAsJsonAsync($"/api/groups/{groupId}/invite", new InviteLinkRequest((long?)expiresIn?.TotalSeconds), Json));

    public async Task RevokeInvite(Guid groupId) => await Read<object?>(await http.DeleteAsync($"/api/groups/{groupId}/invite"));

    public async Task<InvitePreview> PreviewInvite(string code) =>
        await Read<InvitePreview>(await http.GetAsync($"/api/invites/{Uri.EscapeDataString(code)}"));

    public async Task<byte[]> InvitePhoto(string code, string size = "large") =>
        await Bytes($"/api/invites/{Uri.EscapeDataString(code)}/photo?size={size}");

    /// <summary>Joins the group an invite link leads to.</summary>
    public async Task<Guid> JoinByInvite(string code) =>
        (await Read<ConversationIdResponse>(await http.PostAsync($"/api/invites/{Uri.EscapeDataString(code)}", null))).ConversationId;

    public async Task<ConversationDetails> Conversation(Guid conversationId) =>
        await Read<ConversationDetails>(await http.GetAsync($"/api/conversations/{conversationId}"));

    public async Task<MessageReceipts> Receipts(Guid conversationId, Guid messageId) =>
        await Read<MessageReceipts>(await http.GetAsync($"/api/conversations/{conversationId}/messages/{messageId}/receipts"));

    public async Task<PresenceView> Presence(Guid userId) =>
        await Read<PresenceView>(await http.GetAsync($"/api/users/{userId}/presence"));

    /// <summary>Who sees the user's presence and who may add them to groups ("everyone", "contacts", "nobody"), whether their reads are shown; null leaves one as it is.</summary>
    public async Task SetPrivacy(string? lastSeen = null, bool? readReceipts = null, string? groups = null) =>
        await Read<object?>(await http.PutAsJsonAsync("/api/me/privacy", new PrivacyRequest(lastSeen, readReceipts, groups), Json));

    public async Task<PrivacySettings> Privacy() => await Read<PrivacySettings>(await http.GetAsync("/api/me/privacy"));

    public async Task<IReadOnlyList<ConversationListItem>> Conversations() =>
        await Read<List<ConversationListItem>>(await http.GetAsync("/api/conversations"));

    public async Task<MessagePage> Messages(Guid conversationId, long? before = null, long? after = null, int? limit = null)
    {
        var query = string.Join('&', new[] { ("before", before?.ToString()), ("after", after?.ToString()), ("limit", limit?.ToString()) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={p.Item2}"));
        return await Read<MessagePage>(await http.GetAsync($"/api/conversations/{conversationId}/messages?{query}"));
    }

    /// <summary>Every message of a conversation, walking the pages forward.</summary>
    public async Task<List<MessageView>> AllMessages(Guid conversationId)
    {
        var all = new List<MessageView>();
        while (true)
        {
            var page = await Messages(conversationId, after: all.Count == 0 ? 0 : all[^1].Sequence, limit: 200);
            all.AddRange(page.Messages);
            if (page.Messages.Count < 200) return all;
        }
    }

    /// <summary>Wakes this device through its platform's push service while it is not connected (docs/protocol.md, "Push notifications").</summary>
    public async Task RegisterPushToken(string platform, string token) =>
        await Read<object?>(await http.PutAsJsonAsync("/api/me/push", new RegisterPushTokenRequest(platform, token), Json));

    public async Task ChangePassword(string currentPassword, string newPassword) =>
        await Read<object?>(await http.PutAsJsonAsync("/api/me/password", new ChangePasswordRequest(currentPassword, newPassword), Json));

    /// <summary>Deletes the account for good: it leaves every conversation and its tokens stop working.</summary>
    public async Task DeleteAccount(string password) => await Read<object?>(await http.SendAsync(
        new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new DeleteAccountRequest(password), options: Json) }));

    /// <summary>Operators only (Chat:Operators): the user cannot sign in until reinstated, and is shown the reason.</summary>
    /// <summary>Operators only: suspends the account until reinstated, or until <paramref name="until"/>.</summary>
    public async Task Suspend(Guid userId, string reason, DateTimeOffset? until = null) =>
        await Read<object?>(await http.PutAsJsonAsync($"/api/operator/users/{userId}/suspension", new SuspensionRequest(reason, until), Json));

    public async Task<ReportResponse> Report(Guid conversationId, Guid userId, string reason, string? note = null, params QuotedText[] messages) =>
        await Read<ReportResponse>(await http.PostAsJsonAsync($"/api/conversations/{conversationId}/reports",
            new ReportRequest(userId, reason, note, messages), Json));

    public async Task<IReadOnlyList<ReportView>> Reports(string status = "open", Guid? about = null) =>
        await Read<List<ReportView>>(await http.GetAsync($"/api/operator/reports?status={status}{(about is { } id ? $"&userId={id}" : "")}"));

    public async Task<ReportView> ReportById(Guid reportId) => await Read<ReportView>(await http.GetAsync($"/api/operator/reports/{reportId}"));

    public async Task<OperatorAccountView> Account(Guid userId) => await Read<OperatorAccountView>(await http.GetAsync($"/api/operator/users/{userId}"));

    public async Task CloseReport(Guid reportId, string outcome) =>
        await Read<object?>(await http.PostAsJsonAsync($"/api/operator/reports/{reportId}/close", new CloseReportRequest(outcome), Json));

    public async Task Reinstate(Guid userId) => await Read<object?>(await http.DeleteAsync($"/api/operator/users/{userId}/suspension"));

    public async Task ChangeDisplayName(string displayName) =>
        await Read<object?>(await http.PutAsJsonAsync("/api/me/profile", new ProfileRequest(displayName), Json));

    /// <summary>Stops push notifications for this device, e.g. when signing out.</summary>
    public async Task Mute(Guid conversationId, DateTimeOffset? until = null) =>
        await Read<object?>(await http.PutAsJsonAsync($"/api/conversations/{conversationId}/mute", new MuteRequest(until), Json));

    public async Task Unmute(Guid conversationId) => await Read<object?>(await http.DeleteAsync($"/api/conversations/{conversationId}/mute"));

    /// <summary>Messages sent from now on are deleted for everyone <paramref name="after"/> sending; null turns it off.</summary>
    public async Task SetDisappearing(Guid conversationId, TimeSpan? after) => await Read<object?>(await http.PutAsJsonAsync(
        $"/api/conversations/{conversationId}/disappearing", new DisappearingTimerRequest(after is { } a ? (long)a.TotalSeconds : null), Json));

    /// <summary>Blocks the other member of a direct conversation: neither of you writes in it until <see cref="Unblock"/>.</summary>
    /// <summary>Pins (or unpins) the conversation at the top of this user's list, on all their devices; at most three.</summary>
    public async Task Pin(Guid conversationId, bool pin = true) => await Read<object?>(pin
        ? await http.PutAsync($"/api/conversations/{conversationId}/pin", null)
        : await http.DeleteAsync($"/api/conversations/{conversationId}/pin"));

    /// <summary>Moves the conversation into (or out of) this user's archive, on all their devices.</summary>
    public async Task Archive(Guid conversationId, bool archive = true) => await Read<object?>(archive
        ? await http.PutAsync($"/api/conversations/{conversationId}/archive", null)
        : await http.DeleteAsync($"/api/conversations/{conversationId}/archive"));

    /// <summary>Clears the user's own copy of the history up to <paramref name="upToSequence"/> (by default all of it so far).</summary>
    public async Task ClearHistory(Guid conversationId, long? upToSequence = null) => await Read<object?>(await http.DeleteAsync(
        $"/api/conversations/{conversationId}/messages{(upToSequence is { } upTo ? $"?upToSequence={upTo}" : "")}"));

    public async Task DeleteChat(Guid conversationId) => await Read<object?>(await http.DeleteAsync($"/api/conversations/{conversationId}"));

    public async Task DeleteForMe(Guid conversationId, Guid messageId) => await Read<object?>(await http.PutAsync(
        $"/api/conversations/{conversationId}/messages/{messageId}/hidden", null));

    public async Task Block(Guid conversationId) => await Read<object?>(await http.PutAsync($"/api/conversations/{conversationId}/block", null));

    public async Task Unblock(Guid conversationId) => await Read<object?>(await http.DeleteAsync($"/api/conversations/{conversationId}/block"));

    /// <summary>The users the caller blocks, each with the conversation to unblock them in.</summary>
    public async Task<IReadOnlyList<BlockedUser>> Blocked() => await Read<List<BlockedUser>>(await http.GetAsync("/api/me/blocked"));

    public async Task RemovePushToken() => await Read<object?>(await http.DeleteAsync("/api/me/push"));

    /// <summary>Stores a file for the conversation's members; encrypting clients send ciphertext and put the key in a message.</summary>
    public async Task<AttachmentResponse> UploadAttachment(Guid conversationId, Stream content, string contentType = "application/octet-stream")
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Read<AttachmentResponse>(await http.PostAsync($"/api/conversations/{conversationId}/attachments", body));
    }

    /// <summary>The attachment as stored, streamed: its headers carry the Content-Type; the caller disposes it.</summary>
    public async Task<HttpContent> DownloadAttachment(Guid conversationId, Guid attachmentId)
    {
        var response = await http.GetAsync($"/api/conversations/{conversationId}/attachments/{attachmentId}", HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode) throw await ChatApiException.From(response);
        return response.Content;
    }

    /// <summary>Sets the profile photo from a picture's bytes; the server keeps square JPEGs it makes of it.</summary>
    public async Task SetAvatar(byte[] picture, string contentType = "image/jpeg")
    {
        using var body = new ByteArrayContent(picture);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        await Read<object?>(await http.PutAsync("/api/me/avatar", body));
    }

    public async Task RemoveAvatar() => await Read<object?>(await http.DeleteAsync("/api/me/avatar"));

    /// <summary>A user's profile photo as a JPEG: "small" (96 pixels a side at most) or "large" (512).</summary>
    public async Task<byte[]> Avatar(Guid userId, string size = "large") => await Bytes($"/api/users/{userId}/avatar?size={size}");

    private async Task<byte[]> Bytes(string path)
    {
        var response = await http.GetAsync(path);
        if (!response.IsSuccessStatusCode) throw await ChatApiException.From(response);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>For an auditor (Chat:Auditors): the store's events after a sequence, in order; ask again after <c>Next</c>.</summary>
    public async Task<AuditPage> AuditEvents(long after = 0, int? limit = null) =>
        await Read<AuditPage>(await http.GetAsync($"/api/audit/events?after={after}{(limit is null ? "" : $"&limit={limit}")}"));

    /// <summary>For an auditor: one stream's events (a conversation, a user, an attachment) after a sequence, in order.</summary>
    public async Task<AuditPage> AuditStream(Guid streamId, long after = 0, int? limit = null) =>
        await Read<AuditPage>(await http.GetAsync($"/api/audit/streams/{streamId}/events?after={after}{(limit is null ? "" : $"&limit={limit}")}"));

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw await ChatApiException.From(response);
        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent) return default!;
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}

/// <summary>A problem response (RFC 7807) from the server, with its machine-readable code.</summary>
public sealed class ChatApiException(int status, string? code, string? title, string body) : Exception($"{status} {code}: {title}")
{
    public int Status { get; } = status;
    public string? Code { get; } = code;
    public string Body { get; } = body;

    public static async Task<ChatApiException> From(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        string? code = null, title = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("code", out var c)) code = c.GetString();
            if (doc.RootElement.TryGetProperty("title", out var t)) title = t.GetString();
        }
        catch (JsonException)
        {
        }
        return new ChatApiException((int)response.StatusCode, code, title, body);
    }
}
