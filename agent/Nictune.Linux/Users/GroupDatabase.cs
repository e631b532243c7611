using System.Globalization;

namespace Nictune.Linux.Users;

/// <summary>
/// Group names to gids from <c>/etc/group</c> (group(5): <c>name:password:GID:members</c>). Only local groups: a
/// group known only through NSS (LDAP, sssd) is not found, and the agent then lets only root mutate (and says so).
/// </summary>
public static class GroupDatabase
{
    public const string DefaultPath = "/etc/group";

    public static uint? FindGid(string name, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(name);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var line in lines)
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return gid;
            }
        }

        return null;
    }
}
