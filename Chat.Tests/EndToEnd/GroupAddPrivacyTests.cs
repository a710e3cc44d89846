using Chat.Domain;
using Chat.Tests.Infrastructure;
using FluentAssertions;
using static Chat.Tests.Infrastructure.Refusals;

namespace Chat.Tests.EndToEnd;

/// <summary>Who may add a user to groups (docs/adr/0030-who-can-add-me-to-groups.md).</summary>
public class GroupAddPrivacyTests(ChatServer server) : IClassFixture<ChatServer>
{
    [Fact]
    public async Task Only_people_the_user_has_written_to_add_them_and_an_invite_link_still_lets_them_join()
    {
        var (alice, bob, direct) = await server.NewConversation();
        var (carol, dave) = (await server.NewUser("carol"), await server.NewUser("dave"));
        var group = await alice.CreateGroup("Alice's", carol.UserId);
        await bob.SetPrivacy(groups: "contacts");

        var refused = await Refused(() => alice.CreateGroup("With Bob", bob.UserId, carol.UserId), 403, ErrorCodes.PrivacyRestricted,
            "a direct chat Alice opened is not enough: Bob has not written to her");
        refused.Body.Should().Contain("invite link");
        await Refused(() => alice.AddMembers(group, bob.UserId, dave.UserId), 403, ErrorCodes.PrivacyRestricted);
        (await alice.Conversations()).Should().HaveCount(2, "the direct chat and Alice's group; nothing was created").And
            .Contain(c => c.ConversationId == group && c.MemberIds.Count == 2, "nobody was added, Dave neither");

        await bob.Send(direct, "b1", "hi Alice");
        await alice.AddMembers(group, bob.UserId, dave.UserId);
        var withBob = await alice.CreateGroup("With Bob", bob.UserId);
        (await bob.Conversations()).Select(c => c.ConversationId).Should().Contain([group, withBob]);

        await Refused(() => carol.CreateGroup("Carol's", bob.UserId), 403, ErrorCodes.PrivacyRestricted, "Bob never wrote to Carol");
        await bob.Block(direct);
        await Refused(() => alice.CreateGroup("Blocked", bob.UserId), 403, ErrorCodes.PrivacyRestricted, "a block ends it");
        await bob.Unblock(direct);

        await bob.SetPrivacy(groups: "nobody");
        await Refused(() => alice.CreateGroup("Nobody", bob.UserId), 403, ErrorCodes.PrivacyRestricted);
        var carolsGroup = await carol.CreateGroup("Carol's");
        (await bob.JoinByInvite(await carol.CreateInvite(carolsGroup))).Should().Be(carolsGroup, "joining by a link is Bob's own choice");
        await bob.CreateGroup("Bob's own", alice.UserId); // his setting is about others adding him
    }
}
