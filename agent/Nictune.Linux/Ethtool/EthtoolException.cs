using Nictune.Core.Tuning;

namespace Nictune.Linux.Ethtool;

/// <summary>
/// An ethtool ioctl the kernel refused. <see cref="Errno"/> is positive. EOPNOTSUPP is an ordinary answer: the driver
/// lacks the operation (veth has no rings) or the parameter.
/// </summary>
public sealed class EthtoolException : Exception
{
    public EthtoolException(int errno, string command, string interfaceName)
        : base($"{command} on {(interfaceName.Length == 0 ? "(no interface)" : interfaceName)}: {Interop.Errors.Describe(errno)}")
    {
        Errno = errno;
        Command = command;
        Interface = interfaceName;
    }

    public EthtoolException()
    {
        Command = string.Empty;
        Interface = string.Empty;
    }

    public EthtoolException(string message)
        : base(message)
    {
        Command = string.Empty;
        Interface = string.Empty;
    }

    public EthtoolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        Interface = string.Empty;
    }

    public int Errno { get; }

    /// <summary>The command's UAPI name, e.g. <c>ETHTOOL_GRINGPARAM</c>.</summary>
    public string Command { get; }

    public string Interface { get; }

    /// <summary>The driver lacks the operation or parameter.</summary>
    public bool IsUnsupported => Errno == Errnos.EOPNOTSUPP;

    /// <summary>The "(EOPNOTSUPP)"-style symbolic name of <see cref="Errno"/>.</summary>
    public string ErrnoName => Interop.Errors.Name(Errno);
}
