namespace Nictune.Linux;

/// <summary>A descriptor number borrowed from a <see cref="SafeFileDescriptor"/>; disposing it returns the reference.</summary>
internal readonly ref struct FdLease
{
    private readonly SafeFileDescriptor _owner;

    internal FdLease(SafeFileDescriptor owner, int fd)
    {
        _owner = owner;
        Fd = fd;
    }

    public int Fd { get; }

    public void Dispose() => _owner.DangerousRelease();
}
