using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// The JWT signing key: Chat:Jwt:SigningKey (base64, at least 32 bytes) when configured, otherwise a
/// development key generated once and kept in the data folder so tokens survive a restart. Each key's id is its
/// fingerprint, carried in the tokens it signs (<c>kid</c>), so a rotated-out key can still check the tokens it made.
/// </summary>
public static class SigningKey
{
    public static SymmetricSecurityKey Load(IConfiguration configuration)
    {
        var configured = configuration["Chat:Jwt:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured)) return FromBase64(configured);

        var folder = DataFolder.From(configuration);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "jwt-signing.key");
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try { File.Move(temp, path); } catch (IOException) { File.Delete(temp); } // another process won the race
        }
        return FromBase64(File.ReadAllText(path).Trim());
    }

    /// <summary>
    /// Chat:Jwt:PreviousSigningKeys (base64, comma-separated): keys no longer signing whose tokens are still accepted
    /// until they expire, so rotating the key signs nobody out. Drop them after one token lifetime.
    /// </summary>
    public static IReadOnlyList<SymmetricSecurityKey> Previous(IConfiguration configuration) =>
        [.. (configuration["Chat:Jwt:PreviousSigningKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FromBase64)];

    private static SymmetricSecurityKey FromBase64(string key)
    {
        var bytes = Convert.FromBase64String(key);
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}
