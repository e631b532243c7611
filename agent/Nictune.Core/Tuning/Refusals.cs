namespace Nictune.Core.Tuning;

/// <summary>
/// Which refusals of a write come again whatever the timing: retrying them (at the next drift tick) would only roll
/// the pass back again, resetting links each time.
/// </summary>
public static class Refusals
{
    /// <summary>
    /// EROFS (a read-only mount), EACCES and EPERM (the sandbox or a capability), EINVAL (the driver will not take
    /// the value), ENOENT (the attribute does not exist; a vanished interface is told apart before this is asked), and
    /// 0, a refusal with no system call behind it (the kernel kept a feature request pending, a readback that did
    /// not hold). EBUSY, EAGAIN, EIO, ENOMEM and the rest may pass.
    /// </summary>
    public static bool IsPermanent(int? errno) =>
        errno is null or 0 or Errnos.EROFS or Errnos.EACCES or Errnos.EPERM or Errnos.EINVAL or Errnos.ENOENT;
}
