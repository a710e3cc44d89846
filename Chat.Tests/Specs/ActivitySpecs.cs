using Chat.ReadApi.Analytics;
using FluentAssertions;

namespace Chat.Tests.Specs;

/// <summary>The activity read model's counting: at-least-once delivery must not count an event twice.</summary>
public class ActivitySpecs
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly ActivityMinute Empty = new("m", DateTimeOffset.UnixEpoch, 0, [], []);

    [Fact]
    public void Redelivered_events_count_once_and_counted_sequences_stay_compact_ranges()
    {
        var minute = Empty.Count([(5, A), (3, A), (4, B)]).Count([(4, B), (9, B), (6, A)]).Count([(5, A), (8, A), (7, B)]);

        minute.MessagesSent.Should().Be(7, "3-9 once each, 4 and 5 were redelivered");
        minute.ActiveUserIds.Should().BeEquivalentTo([A, B]);
        minute.Counted.Should().Equal(new SequenceRange(3, 9));
    }

    [Fact]
    public void Gaps_are_kept_until_the_missing_events_arrive()
    {
        var minute = Empty.Count([(1, A), (2, A), (10, B)]);
        minute.Counted.Should().Equal(new SequenceRange(1, 2), new SequenceRange(10, 10));

        minute = minute.Count([(5, A), (3, A), (4, A), (9, B), (6, A), (7, A), (8, A)]);
        minute.Counted.Should().Equal(new SequenceRange(1, 10));
        minute.MessagesSent.Should().Be(10);
    }

    [Fact]
    public void Events_that_are_not_messages_count_as_seen_so_receipts_between_messages_keep_one_range()
    {
        var minute = Empty.Count([(1, A), (2, null), (3, B), (4, null), (5, A)]).Count([(4, null), (5, A), (6, null), (7, B)]);

        minute.MessagesSent.Should().Be(4, "1, 3, 5 and 7 are messages, 5 was redelivered");
        minute.ActiveUserIds.Should().BeEquivalentTo([A, B]);
        minute.Counted.Should().Equal(new SequenceRange(1, 7));
    }
}
