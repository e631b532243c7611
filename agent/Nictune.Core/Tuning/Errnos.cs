namespace Nictune.Core.Tuning;

/// <summary>The Linux errno values the tuning logic reasons about (asm-generic/errno-base.h, errno.h).</summary>
public static class Errnos
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ERANGE = 34;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;
    public const int EDQUOT = 122;

    /// <summary>
    /// The symbolic name (EINVAL) of the errnos operators meet when tuning, else "errno N". The values are the
    /// constants above (a switch needs constants), checked against errno.h by the struct-layout test.
    /// </summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        ERANGE => "ERANGE",
        ENOSYS => "ENOSYS",
        EOPNOTSUPP => "EOPNOTSUPP",
        EDQUOT => "EDQUOT",
        _ => $"errno {errno}",
    };
}
