using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Infrastructure;

/// <summary>A log line as the server wrote it, with the scopes that were open around it (outermost first).</summary>
public sealed record LogEntry(string Category, string Message, IReadOnlyList<string> Scopes);

/// <summary>A logger provider that keeps every line and its scopes, for tests of what the logs say.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            logs._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            logs.Entries.Enqueue(new LogEntry(category, formatter(state, exception), scopes));
        }
    }
}
