using Chat.Bench;
using Chat.Client;

// Usage: Chat.Bench --server-dll PATH [--pairs 100] [--rate 2000] [--duration 60] [--warmup 20]
//                   [--protocol json|messagepack] [--name NAME] [--report-dir DIR]
//        Chat.Bench --server-dll PATH --mode presence [--clients 10000] [--heartbeat 20] [--duration 60]
//        Chat.Bench --server-dll PATH --mode group [--members 1000] [--rate 50] [--duration 30] [--warmup 15] [--protocol ...] [--receipts]
//                   [--receivers signalr|lean]   (lean: raw WebSocket members that only read, with --protocol messagepack)
//        Chat.Bench --mode writer [--conversations 100] [--rate 2000] [--duration 60] [--warmup 20]   (the commit path alone, in process)
//        add --nodes 2 to the first form for two server processes over RabbitMQ, each pair spanning them,
//        or --split for the hub and the async daemon in two processes (docs/deployment.md, "Splitting the roles")
// Starts the server as its own process on 127.0.0.1 against ConnectionStrings__Postgres, drives the load,
// and writes NAME.md, NAME.csv and NAME.png into the report folder.
var arguments = new Dictionary<string, string>(); // a later --name value overrides an earlier one
for (var i = 0; i < args.Length; i++)
    if (args[i].StartsWith("--")) arguments[args[i][2..]] = i + 1 < args.Length ? args[i + 1] : "";
string Arg(string name, string fallback) => arguments.TryGetValue(name, out var v) ? v : fallback;

var options = new LoadOptions(
    Pairs: int.Parse(Arg("pairs", "100")),
    Rate: int.Parse(Arg("rate", "2000")),
    Duration: TimeSpan.FromSeconds(int.Parse(Arg("duration", "60"))),
    Warmup: TimeSpan.FromSeconds(int.Parse(Arg("warmup", "20"))),
    Protocol: Arg("protocol", "json") == "messagepack" ? HubProtocol.MessagePack : HubProtocol.Json);
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres (build.ps1 bench does).");
var dataDirectory = Directory.CreateTempSubdirectory("chat-bench-").FullName;
// A fresh schema per run, so runs do not inherit each other's tables and bloat; dropped afterwards.
var schema = $"chat_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";

if (Arg("mode", "messages") == "presence")
{
    var presenceOptions = new PresenceOptions(int.Parse(Arg("clients", "10000")), TimeSpan.FromSeconds(int.Parse(Arg("heartbeat", "20"))),
        TimeSpan.FromSeconds(int.Parse(Arg("duration", "60"))));
    try
    {
        await using var server = await ServerUnderTest.Start(Arg("server-dll", "Chat.Server.dll"), connectionString, schema, dataDirectory);
        var presence = await new PresenceRun(server, presenceOptions, () => CountPresenceEvents(connectionString, schema)).Run();
        Console.WriteLine(Report.Write(presence, Arg("report-dir", "docs/bench"), Arg("name", $"presence-{presenceOptions.Clients}clients")));
        return presence.PresenceEventsDuringHeartbeats == 0 && presence.FailedHeartbeats == 0 ? 0 : 1;
    }
    finally
    {
        await DropSchema(connectionString, schema);
    }
}

if (Arg("mode", "messages") == "writer")
{
    // The writer runs here as it does in the server, whose GC is the server GC: start this process again with it if needed.
    if (!System.Runtime.GCSettings.IsServerGC) return await WithServerGc(args);
    var writerOptions = new WriterOptions(int.Parse(Arg("conversations", "100")), options.Rate, options.Duration, options.Warmup);
    WriterResult written;
    try { written = await new WriterRun(connectionString, schema, writerOptions).Run(); }
    finally { await DropSchema(connectionString, schema); }
    Console.WriteLine(WriterRun.Write(written, Arg("report-dir", "docs/bench"), Arg("name", $"writer-{writerOptions.Conversations}conversations-{writerOptions.Rate}per-s")));
    return written.Failed == 0 && written.Stored == written.Committed ? 0 : 1;
}

if (Arg("mode", "messages") == "group")
{
    var groupOptions = new GroupOptions(int.Parse(Arg("members", "1000")), int.Parse(Arg("rate", "50")), TimeSpan.FromSeconds(int.Parse(Arg("duration", "30"))),
        TimeSpan.FromSeconds(int.Parse(Arg("warmup", "15"))), options.Protocol, arguments.ContainsKey("receipts"), Arg("receivers", "signalr") == "lean");
    if (groupOptions.LeanReceivers && (groupOptions.Receipts || groupOptions.Protocol != HubProtocol.MessagePack))
        throw new ArgumentException("--receivers lean reads MessagePack and sends nothing: use it with --protocol messagepack and without --receipts.");
    try
    {
        await using var server = await ServerUnderTest.Start(Arg("server-dll", "Chat.Server.dll"), connectionString, schema, dataDirectory);
        var group = await new GroupRun(server, groupOptions).Run();
        Console.WriteLine(GroupRun.Write(group, Arg("report-dir", "docs/bench"), Arg("name", $"group-{groupOptions.Members}members-{groupOptions.Rate}per-s{(groupOptions.Protocol == HubProtocol.MessagePack ? "-messagepack" : "")}{(groupOptions.Receipts ? "-receipts" : "")}{(groupOptions.LeanReceivers ? "-lean" : "")}")));
        return group.Deliveries == group.Expected ? 0 : 1;
    }
    finally
    {
        await DropSchema(connectionString, schema);
    }
}

// --nodes 2: two server processes over RabbitMQ (CHAT_RABBITMQ, which build.ps1 sets); every pair spans them.
var twoNodes = Arg("nodes", "1") == "2";
// --split: the roles split of docs/deployment.md on this machine: one process for the hub, commands and queries, one
// for the async daemon (projections and the analytics stream), on the in-memory bus like the single process.
var split = arguments.ContainsKey("split");
var rabbitMq = twoNodes ? Environment.GetEnvironmentVariable("CHAT_RABBITMQ") ?? throw new InvalidOperationException("Set CHAT_RABBITMQ.") : null;
LoadResult result;
try
{
    await using var server = await ServerUnderTest.Start(Arg("server-dll", "Chat.Server.dll"), connectionString, schema, dataDirectory, rabbitMq,
        roles: split ? "write,read" : null);
    await using var other = twoNodes
        ? await ServerUnderTest.Start(Arg("server-dll", "Chat.Server.dll"), connectionString, schema, dataDirectory, rabbitMq)
        : null;
    await using var projections = split
        ? await ServerUnderTest.Start(Arg("server-dll", "Chat.Server.dll"), connectionString, schema, dataDirectory, roles: "projections")
        : null;
    result = await new LoadRun(server, options, other, projections).Run();
}
finally
{
    await DropSchema(connectionString, schema);
}
var name = Arg("name", $"hub-{(twoNodes ? "2nodes-" : "")}{(split ? "split-" : "")}{options.Pairs}pairs-{options.Rate}per-s");
Console.WriteLine(Report.Write(result, Arg("report-dir", "docs/bench"), name));
return result.Lost == 0 && result.Duplicates == 0 ? 0 : 1;

static async Task<int> WithServerGc(string[] args)
{
    var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { Environment = { ["DOTNET_gcServer"] = "1" } };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
    foreach (var argument in args) start.ArgumentList.Add(argument);
    using var child = System.Diagnostics.Process.Start(start)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}

static async Task DropSchema(string connectionString, string schema)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var drop = new Npgsql.NpgsqlCommand($"drop schema if exists {schema} cascade", connection);
    await drop.ExecuteNonQueryAsync();
}

// Presence writes are events of these two types in the users' streams (ADR in docs/protocol.md, Presence).
static async Task<long> CountPresenceEvents(string connectionString, string schema)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var count = new Npgsql.NpgsqlCommand(
        $"select count(*) from {schema}.mt_events where type in ('user_came_online', 'user_went_offline')", connection);
    return (long)(await count.ExecuteScalarAsync())!;
}
