namespace Chat.Projections.Accounts;

/// <summary>The staff's authorization policies (Chat:Operators, Chat:Auditors), registered by the read API's StaffPolicies, used by both APIs.</summary>
public static class Staff
{
    public const string Operator = "operator";
    public const string Auditor = "auditor";
}
