namespace Nictune.Linux.IO;

/// <summary>What fstat(2) said about an open descriptor: its type and permission bits, its owner and its size.</summary>
/// <param name="Mode">st_mode: the file type (S_IFMT bits) and the permission bits.</param>
/// <param name="OwnerUid">st_uid.</param>
/// <param name="Size">st_size; 0 or a page for procfs and sysfs files, whatever their content.</param>
public readonly record struct FileFacts(int Mode, uint OwnerUid, long Size)
{
    // From <sys/stat.h>; the same on every Linux architecture.
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFDIR = 0x4000;
    private const int S_IFIFO = 0x1000;
    private const int S_IFCHR = 0x2000;
    private const int S_IFBLK = 0x6000;
    private const int S_IFSOCK = 0xC000;
    private const int S_IFLNK = 0xA000;

    /// <summary>Write permission for the group and for others (S_IWGRP | S_IWOTH).</summary>
    private const int GroupOrOtherWrite = 0x10 | 0x2;

    public bool IsRegular => (Mode & S_IFMT) == S_IFREG;

    public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;

    /// <summary>True when someone other than the owner may write it.</summary>
    public bool IsGroupOrOtherWritable => (Mode & GroupOrOtherWrite) != 0;

    /// <summary>The permission bits in octal, as ls and chmod spell them (<c>0644</c>).</summary>
    public string Permissions => "0" + Convert.ToString(Mode & 0xFFF, 8);

    /// <summary>"a FIFO", "a character device", …: for messages that say why a file was refused.</summary>
    public string Describe() => (Mode & S_IFMT) switch
    {
        S_IFREG => "a regular file",
        S_IFDIR => "a directory",
        S_IFIFO => "a FIFO",
        S_IFCHR => "a character device",
        S_IFBLK => "a block device",
        S_IFSOCK => "a socket",
        S_IFLNK => "a symbolic link",
        _ => "a special file",
    };
}
