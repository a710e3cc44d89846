namespace Chat.Domain.Conversations;

public sealed partial record Conversation
{
    public const int DefaultMaxGroupMembers = 1_024;
    public const int MaxTitleLength = 100;

    public static GroupCreated StartGroup(CreateGroup c)
    {
        var title = ValidTitle(c.Title);
        var members = c.MemberIds.Append(c.UserId).Distinct().ToArray();
        if (members.Length > c.MaxMembers)
            throw DomainError.Invalid("memberIds", $"A group has at most {c.MaxMembers} members.");
        return new GroupCreated(c.ConversationId, title, c.UserId, [c.UserId, .. members.Where(m => m != c.UserId)], c.Now);
    }

    private static object[] DecideGroup(GroupCommand command, Conversation state, Member caller)
    {
        if (state.Kind != ConversationKind.Group)
            throw DomainError.Invalid("conversationId", "Only a group has members, admins and a title to change.");
        var isAdmin = caller.Role == MemberRole.Admin;
        var leaving = command is RemoveMember r && r.MemberId == command.UserId;
        if (!isAdmin && !leaving) throw new DomainError(ErrorCodes.Forbidden, "Only a group admin can do this.");

        return command switch
        {
            AddMembers c => Add(c, state),
            RemoveMember c => Remove(c, state),
            RenameGroup c => [new GroupRenamed(state.Id, ValidTitle(c.Title), c.UserId, c.Now)],
            SetAdmin c => ChangeAdmin(c, state),
            ResetInviteLink c => state.InviteCode == c.Code ? [] : [new GroupInviteLinkSet(state.Id, c.Code, c.UserId, c.Now, c.ExpiresAt)],
            RevokeInviteLink c => state.InviteCode is null ? [] : [new GroupInviteLinkRevoked(state.Id, c.UserId, c.Now)],
            SetSendPolicy c => SetSendPolicy(c, state),
            SetGroupDescription c => Describe(c, state),
            SetGroupPhoto c => c.PhotoId == state.PhotoId ? [] : [new GroupPhotoChanged(state.Id, c.PhotoId, c.UserId, c.Now)],
            _ => throw new InvalidOperationException($"Unknown group command {command.GetType().Name}"),
        };
    }

    private static object[] Add(AddMembers c, Conversation state)
    {
        var added = c.UserIds.Distinct().Where(id => !state.IsMember(id)).ToArray();
        if (c.UserIds.Length == 0) throw DomainError.Invalid("userIds", "userIds must name at least one user.");
        if (state.Members.Count + added.Length > c.MaxMembers)
            throw DomainError.Invalid("userIds", $"A group has at most {c.MaxMembers} members; it has {state.Members.Count}.");
        return added.Length == 0 ? [] : [new MembersAdded(state.Id, added, c.UserId, state.LastSequence, c.Now)];
    }

    private static object[] Remove(RemoveMember c, Conversation state)
    {
        var target = state.FindMember(c.MemberId) ?? throw DomainError.NotFound("The member");
        var removed = new MemberRemoved(state.Id, c.MemberId, c.UserId, state.LastSequence, c.Now);
        var admins = state.Members.Where(m => m.Role == MemberRole.Admin && m.UserId != target.UserId).ToList();
        var successor = state.Members.FirstOrDefault(m => m.UserId != target.UserId);
        // A group is never left without an admin: the longest-standing remaining member takes over.
        return admins.Count == 0 && successor is not null
            ? [removed, new AdminPromoted(state.Id, successor.UserId, c.UserId, c.Now)]
            : [removed];
    }

    private static object[] ChangeAdmin(SetAdmin c, Conversation state)
    {
        var target = state.FindMember(c.MemberId) ?? throw DomainError.NotFound("The member");
        if (c.Admin) return target.Role == MemberRole.Admin ? [] : [new AdminPromoted(state.Id, c.MemberId, c.UserId, c.Now)];
        if (target.Role != MemberRole.Admin) return [];
        if (state.Members.Count(m => m.Role == MemberRole.Admin) == 1)
            throw DomainError.Invalid("userId", "A group keeps at least one admin: promote another member first.");
        return [new AdminDemoted(state.Id, c.MemberId, c.UserId, c.Now)];
    }

    private static string ValidTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength)
            throw DomainError.Invalid("title", $"title must be 1 to {MaxTitleLength} characters.");
        StoredText.Check("title", title);
        return title.Trim();
    }

    private static Conversation? EvolveGroup(Conversation? state, object @event) => (state, @event) switch
    {
        (null, GroupCreated e) => new Conversation(e.ConversationId, ConversationKind.Group,
            [.. e.MemberIds.Select(id => new Member(id, 0, 0, id == e.CreatedBy ? MemberRole.Admin : MemberRole.Member))], 0, e.Title),
        (not null, MembersAdded e) => state with
        {
            Members = [.. state.Members, .. e.UserIds.Select(id => new Member(id, e.AfterSequence, e.AfterSequence, MemberRole.Member, e.AfterSequence))],
        },
        (not null, MemberRemoved e) => state with
        {
            Members = [.. state.Members.Where(m => m.UserId != e.UserId)],
            LastSentBy = state.LastSentBy?.Where(s => s.Key != e.UserId).ToDictionary(),
        },
        (not null, GroupRenamed e) => state with { Title = e.Title },
        (not null, GroupInviteLinkSet e) => state with { InviteCode = e.Code, InviteExpiresAt = e.ExpiresAt },
        (not null, GroupInviteLinkRevoked) => state with { InviteCode = null, InviteExpiresAt = null },
        (not null, GroupSendPolicySet e) => state with { OnlyAdminsSend = e.OnlyAdmins },
        (not null, GroupDescriptionSet e) => state with { Description = e.Description },
        (not null, GroupPhotoChanged e) => state with { PhotoId = e.PhotoId },
        (not null, AdminPromoted e) => state.UpdateMember(e.UserId, m => m with { Role = MemberRole.Admin }),
        (not null, AdminDemoted e) => state.UpdateMember(e.UserId, m => m with { Role = MemberRole.Member }),
        _ => state,
    };
}
