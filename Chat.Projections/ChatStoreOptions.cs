using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Projections.Accounts;
using Chat.Projections.Attachments;
using Chat.Projections.Conversations;
using Chat.Projections.Delivery;
using Chat.Projections.History;
using Chat.Projections.Keys;
using Chat.Projections.Limits;
using Chat.Projections.Presence;
using Chat.Projections.Reports;
using Chat.Projections.Notifications;
using Chat.Projections.Sessions;
using Chat.Projections.Summaries;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using JasperFx;
using Marten.Schema;
using Weasel.Core;

namespace Chat.Projections;

public static class ChatStoreOptions
{
    /// <summary>Everything Marten needs to know about the chat: event store settings, projections and indexes.</summary>
    public static StoreOptions ConfigureChat(this StoreOptions opts, string connectionString, string schema = "chat")
    {
        // No DISCARD ALL on every pool checkout: a Marten commit checks a connection out several times. Statements run
        // twice are prepared on their connection: a group commit sends hundreds of the same few statements (appends,
        // history inserts, head upserts), and parsing and planning each one cost more than running it.
        opts.Connection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            NoResetOnClose = true, MaxAutoPrepare = 200, AutoPrepareMinUsages = 2,
        }.ConnectionString);
        opts.DatabaseSchemaName = schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

        // Quick append: one round trip per commit; the stream version still guards concurrent writers.
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.UseIdentityMapForAggregates = true;
        // Two writers racing for one stream (nodes that disagree on the owner for a heartbeat): the loser waits for the
        // winner's commit and fails its version check, instead of failing later on a duplicate version after taking an
        // event sequence number, which would leave a gap the async daemon waits on before it moves past.
        opts.Events.UseExclusiveLockOnConcurrentAppends = true;
        // Marten replays a commit PostgreSQL rolled back (a deadlock) by running the same NpgsqlBatch again on another
        // pooled connection, which with auto-prepared statements binds to the wrong prepared statement there
        // ("08P01: bind message supplies 9 parameters, but prepared statement requires 1", npgsql#6432) and ends as a
        // 500. The app's own retries (StoreErrors.ConflictRetry) start a new session instead.
        opts.ConfigureWritePolly(_ => { });

        // The async daemon's leader lock is a PostgreSQL advisory lock, global to the database: each schema (each
        // deployment, each test run) needs its own id, or one schema's leader keeps every other schema's daemon idle.
        opts.Projections.DaemonLockId = DaemonLockId(schema);

        // What erasing a message deleted for everyone leaves of its events (Chat.WriteApi's MessageErasure applies it).
        opts.Events.AddMaskingRuleForProtectedInformation<MessageSent>(m => m with { Body = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<MessageEdited>(m => m with { Body = "" });
        // What deleting an account leaves of its personal data (Chat.WriteApi's AccountErasure applies it). The username
        // stays unique (no registered name is 40 characters), so a replay never has two accounts with the same one.
        opts.Events.AddMaskingRuleForProtectedInformation<UserRegistered>(r =>
            r with { Username = $"deleted-{r.UserId:N}", DisplayName = "", PasswordHash = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<DisplayNameChanged>(n => n with { DisplayName = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<PasswordChanged>(p => p with { PasswordHash = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<DeviceLinked>(d => d with { Name = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<PushTokenRegistered>(t => t with { Token = "" });
        opts.Events.AddMaskingRuleForProtectedInformation<AccountSuspended>(s => s with { Reason = "" });

        opts.Projections.Add(new ConversationRosterProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ConversationHeadProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new MemberDeliveryProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ChatHistoryProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UserAccountProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UserPresenceProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UserKeysProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new AttachmentInfoProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UserPushTargetsProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new UserChatListProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new AbuseReportProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ConversationSummaryProjection(), ProjectionLifecycle.Async);

        opts.Schema.For<ChatMessage>()
            .UniqueIndex(UniqueIndexType.Computed, "ux_chat_message_sequence", x => x.ConversationId, x => x.Sequence)
            // The relay's "changed past this device's watermark": only the messages ever edited, deleted or reacted to are in it.
            .Index([x => x.ConversationId, x => x.RevisionSequence!], i =>
            {
                i.Name = "ix_chat_message_revised";
                i.Predicate = "CAST(data ->> 'revisionSequence' as bigint) is not null";
            })
            // The disappearing messages not yet deleted, by when they are due: no other message is in it.
            .Index(x => x.ExpiresAt!, i =>
            {
                i.Name = "ix_chat_message_expires";
                i.Predicate = "data ->> 'expiresAt' is not null and data ->> 'deletedAt' is null";
            });
        opts.Schema.For<UserAccount>().UniqueIndex(UniqueIndexType.Computed, "ux_user_account_username", x => x.NormalizedUsername);
        opts.Schema.For<MemberDelivery>().Index(x => x.UserId).Index(x => x.ConversationId);
        // "A user's conversations" is asked of the roster, which only membership changes write; the summary, rewritten on
        // every message, carries no index beyond its id (a GIN index over it cost 7 times its upsert, and stalled).
        opts.Schema.For<ConversationRoster>().GinIndexJsonData();
        opts.Schema.For<UserPushTargets>().GinIndexJsonData(); // who else holds a token being registered
        opts.Schema.For<SessionEntry>().Index(x => x.UserId);
        opts.Schema.For<RecentAttempt>().Index(x => x.Key);
        // An uploader's quota sums their attachments; the retention looks for the oldest ones.
        opts.Schema.For<AttachmentInfo>().Index(x => x.UploaderId).Index(x => x.UploadedAt);
        opts.Schema.For<NodeHeartbeat>();
        opts.Schema.For<AbuseReport>().Index(x => x.ReportedAt).Index(x => x.ReportedUserId); // the operators' queue, oldest first; about one user
        return opts;
    }

    /// <summary>A stable id per schema name (FNV-1a; string.GetHashCode differs between processes).</summary>
    public static int DaemonLockId(string schema)
    {
        var hash = 2166136261u;
        foreach (var c in schema) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>Projections that a rebuild replays from the event store, by name, in dependency-free order.</summary>
    public static readonly Type[] RebuildableProjections =
    [
        typeof(ConversationRosterProjection), typeof(ConversationHeadProjection), typeof(MemberDeliveryProjection),
        typeof(ChatHistoryProjection), typeof(UserAccountProjection), typeof(UserPresenceProjection), typeof(UserKeysProjection),
        typeof(AttachmentInfoProjection), typeof(UserPushTargetsProjection), typeof(UserChatListProjection), typeof(AbuseReportProjection), typeof(ConversationSummaryProjection),
    ];
}
