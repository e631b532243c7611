namespace Nictune.Core.Tuning;

/// <summary>
/// A write the kernel refused. <see cref="Errno"/> is the positive errno (22 EINVAL, 95 EOPNOTSUPP, 16 EBUSY, …),
/// or 0 when the failure did not come from a system call.
/// </summary>
public sealed class SettingWriteException : Exception
{
    public SettingWriteException(SettingKey key, int errno, string message)
        : base($"{key}: {message}")
    {
        Key = key;
        Errno = errno;
    }

    public SettingWriteException()
    {
    }

    public SettingWriteException(string message)
        : base(message)
    {
    }

    public SettingWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SettingKey Key { get; }

    public int Errno { get; }

    /// <summary>EBUSY and EAGAIN come and go while a link resets: worth a bounded retry.</summary>
    public bool IsTransient => Errno is Errnos.EBUSY or Errnos.EAGAIN;

    /// <summary>EOPNOTSUPP: the device lacks the operation or parameter.</summary>
    public bool IsUnsupported => Errno is Errnos.EOPNOTSUPP;
}
