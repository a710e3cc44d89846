using System.Text.Json;

namespace Chat.Contracts.Integration;

/// <summary>
/// Version 1 of the integration event: one per domain event, in store order (docs/events.md). Consumers
/// de-duplicate by <see cref="EventId"/>; delivery is at least once.
/// </summary>
public sealed record ChatEventV1(Guid EventId, long Sequence, Guid StreamId, string Type, DateTimeOffset Timestamp, JsonElement Data);
