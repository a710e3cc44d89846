using Chat.Domain.Users;
using Chat.Projections.Integration;
using FluentAssertions;
using JasperFx.Events;

namespace Chat.Tests.Specs;

/// <summary>Events as the analytics stream and the audit feed carry them (docs/events.md).</summary>
public class ChatEventSpecs
{
    [Fact]
    public void A_privacy_setting_goes_out_as_the_number_docs_events_names()
    {
        var userId = Guid.NewGuid();
        var data = ChatEvents.ToV1(new Event<GroupAddsPrivacyChanged>(new GroupAddsPrivacyChanged(userId, Visibility.Contacts, DateTimeOffset.UnixEpoch))).Data;

        data.GetProperty("userId").GetGuid().Should().Be(userId);
        data.GetProperty("addedBy").GetInt32().Should().Be(1, "0 everyone, 1 contacts, 2 nobody, as lastSeen has always gone out");
    }
}
