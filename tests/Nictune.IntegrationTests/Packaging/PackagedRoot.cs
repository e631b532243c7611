using Nictune.Testing;

namespace Nictune.IntegrationTests.Packaging;

/// <summary>
/// The cached Debian root with the .deb installed the way an image build installs it: dpkg in a chroot, no systemd
/// running. The root itself is never changed: an overlay takes every write into an upper directory that is deleted
/// on dispose. The overlay is mounted in this process's mount namespace, because the container booted from it is
/// started from here, and is always unmounted on dispose.
/// </summary>
internal sealed class PackagedRoot : IDisposable
{
    private readonly DirectoryInfo _stage;
    private bool _mounted;

    private PackagedRoot(DirectoryInfo stage) => _stage = stage;

    /// <summary>The merged root, to boot.</summary>
    public string Path => System.IO.Path.Join(_stage.FullName, "merged");

    public static PackagedRoot Install(string lower, string deb)
    {
        var root = new PackagedRoot(Directory.CreateTempSubdirectory("nictune-packaged-root-"));
        try
        {
            foreach (var dir in new[] { "upper", "work", "merged" })
            {
                Directory.CreateDirectory(System.IO.Path.Join(root._stage.FullName, dir));
            }

            var upper = System.IO.Path.Join(root._stage.FullName, "upper");
            var work = System.IO.Path.Join(root._stage.FullName, "work");
            Tools.Check("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={lower},upperdir={upper},workdir={work}", root.Path);
            root._mounted = true;

            var copy = System.IO.Path.Join(root.Path, "var", "tmp", System.IO.Path.GetFileName(deb));
            File.Copy(deb, copy);
            var install = Tools.Run(
                "chroot",
                [root.Path, "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C.UTF-8", "dpkg", "-i", "/var/tmp/" + System.IO.Path.GetFileName(deb)],
                stdin: null,
                environment: null,
                TimeSpan.FromMinutes(3));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"dpkg -i in the chroot exited {install.ExitCode}:\n{install.Stdout}{install.Stderr}");
            }

            File.Delete(copy);
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_mounted)
        {
            var unmount = Tools.Run("umount", [Path], stdin: null, environment: null, TimeSpan.FromSeconds(30));
            if (unmount.ExitCode != 0)
            {
                // Still busy (a container process lingering): detach it now; the kernel frees it when the last user goes.
                Tools.Run("umount", ["--lazy", Path], stdin: null, environment: null, TimeSpan.FromSeconds(30));
            }
        }

        // rm rather than Directory.Delete: the upper directory holds device nodes and root-only files; never cross
        // into a mount that is somehow still there.
        Tools.Run("rm", ["-rf", "--one-file-system", _stage.FullName], stdin: null, environment: null, TimeSpan.FromMinutes(1));
    }
}
