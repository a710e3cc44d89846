using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Chat.WriteApi.Accounts;

/// <summary>
/// The JWT signing key: Chat:Jwt:SigningKey (base64, at least 32 bytes) when configured, otherwise a
/// development key generated once and kept in the data folder so tokens survive a restart.
/// </summary>
public static class SigningKey
{
    public static SymmetricSecurityKey Load(IConfiguration configuration)
    {
        var configured = configuration["Chat:Jwt:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured)) return new SymmetricSecurityKey(Convert.FromBase64String(configured));

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
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
