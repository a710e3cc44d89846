using Chat.Domain;
using Chat.Domain.Conversations;

namespace Chat.Tests.Specs;

/// <summary>A group's description and photo (docs/adr/0029-group-description-and-photo.md).</summary>
public class GroupInfoSpecs
{
    private static readonly Guid Admin = Guid.NewGuid(), Alice = Guid.NewGuid(), Id = Guid.NewGuid(), Photo = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);
    private static readonly GroupCreated Created = new(Id, "Club", Admin, [Admin, Alice], Now);
    private static readonly GroupDescriptionSet Described = new(Id, "Club news", Admin, Now);

    [Fact]
    public void An_admin_describes_the_group_trimmed_and_saying_the_same_again_or_blank_when_there_is_none_decides_nothing()
    {
        DeciderSpec.Given(Created).Then(new SetGroupDescription(Id, Admin, "  Club news  ", Now), Described);
        DeciderSpec.Given(Created, Described).Then(new SetGroupDescription(Id, Admin, "Club news", Now));
        DeciderSpec.Given(Created, Described).Then(new SetGroupDescription(Id, Admin, " ", Now), new GroupDescriptionSet(Id, null, Admin, Now));
        DeciderSpec.Given(Created).Then(new SetGroupDescription(Id, Admin, null, Now));
        DeciderSpec.Given(Created).ThenFails(new SetGroupDescription(Id, Admin, new string('d', Conversation.MaxDescriptionLength + 1), Now),
            ErrorCodes.Validation, "description");
        DeciderSpec.Given(Created).ThenFails(new SetGroupDescription(Id, Alice, "mine now", Now), ErrorCodes.Forbidden);
    }

    [Fact]
    public void An_admin_sets_and_removes_the_photo_and_only_a_change_is_recorded()
    {
        var photoSet = new GroupPhotoChanged(Id, Photo, Admin, Now);
        DeciderSpec.Given(Created).Then(new SetGroupPhoto(Id, Admin, Photo, Now), photoSet);
        DeciderSpec.Given(Created, photoSet).Then(new SetGroupPhoto(Id, Admin, Photo, Now));
        DeciderSpec.Given(Created, photoSet).Then(new SetGroupPhoto(Id, Admin, null, Now), new GroupPhotoChanged(Id, null, Admin, Now));
        DeciderSpec.Given(Created).Then(new SetGroupPhoto(Id, Admin, null, Now));
        DeciderSpec.Given(Created).ThenFails(new SetGroupPhoto(Id, Alice, Photo, Now), ErrorCodes.Forbidden);
        DeciderSpec.Given(new DirectConversationOpened(Id, [Admin, Alice], Admin, Now))
            .ThenFails(new SetGroupPhoto(Id, Admin, Photo, Now), ErrorCodes.Validation, "conversationId");
    }
}
