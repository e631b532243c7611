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
        Keys = [key];
        Errno = errno;
    }

    /// <summary>A refusal of some settings of one grouped write (<see cref="ISettingStore.WriteTogether"/>).</summary>
    public SettingWriteException(IReadOnlyList<SettingKey> keys, int errno, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        Key = keys[0];
        Keys = keys;
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

    /// <summary>The refused setting; an empty sysctl name when the exception was made without one (the message-only constructors).</summary>
    public SettingKey Key { get; } = SettingKey.Sysctl(string.Empty);

    /// <summary>Every setting the refusal covers: <see cref="Key"/> alone, or the refused part of a grouped write.</summary>
    public IReadOnlyList<SettingKey> Keys { get; } = [];

    public int Errno { get; }

    /// <summary>EBUSY and EAGAIN come and go while a link resets: worth a bounded retry.</summary>
    public bool IsTransient => Errno is Errnos.EBUSY or Errnos.EAGAIN;

    /// <summary>A refusal that will come again for the same value: see <see cref="Refusals.IsPermanent"/>.</summary>
    public bool IsPermanent => Refusals.IsPermanent(Errno);

    /// <summary>EOPNOTSUPP: the device lacks the operation or parameter.</summary>
    public bool IsUnsupported => Errno is Errnos.EOPNOTSUPP;
}
