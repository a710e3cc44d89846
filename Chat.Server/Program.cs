using Chat.ReadApi;
using Chat.Server;
using Chat.WriteApi;
using Chat.WriteApi.Accounts;

var builder = WebApplication.CreateBuilder(args);
var roles = ServerRoles.From(builder.Configuration);

builder.AddChatLogging();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddChatBus(builder.Configuration, roles); // before the store: the bus starts before the daemon publishes and stops after it
builder.Services.AddChatStore(builder.Configuration, roles);
builder.Services.AddChatAuthentication(builder.Configuration);
builder.Services.AddChatAttachments(builder.Configuration, roles);
builder.Services.AddStaffPolicies(builder.Configuration);
builder.Services.AddChatProblemDetails();
builder.Services.AddChatCrossOrigin(builder.Configuration);
builder.Services.AddChatHealthChecks(builder.Configuration);
builder.Services.AddChatApiDocs();
builder.Services.AddChatMetrics(builder.Configuration);
if (roles.Write) builder.Services.AddChatWriteApi();

var app = builder.Build();
if (args.Contains(ProjectionRebuild.Command))
{
    await ProjectionRebuild.Run(app.Services);
    return;
}

app.UseForPlainRequests(http =>
{
    http.UseRequestLogScope();
    http.UseExceptionHandler();
    http.UseStatusCodePages();
});
app.UseChatMetrics();
app.UseWebClient();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.MapChatHealthChecks();
app.MapChatApiDocs();
if (roles.Write) app.MapChatWriteApi();
if (roles.Read) app.MapChatReadApi();
app.Run();

public partial class Program;
