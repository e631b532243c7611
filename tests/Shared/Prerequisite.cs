using Xunit;

namespace Nictune.Testing;

/// <summary>
/// A test that needs something this machine may lack calls <see cref="Require"/>. Locally a missing
/// prerequisite is a visible skip; under CI=true it is a failure, so CI can never pass by not testing.
/// </summary>
public static class Prerequisite
{
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool condition, string what)
    {
        if (condition)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail($"prerequisite missing under CI=true: {what}");
        }

        Assert.Skip($"prerequisite missing: {what}");
    }

    public static void RequireRoot() => Require(Environment.UserName == "root" || geteuid() == 0, "root privileges");

    public static void RequireTool(string tool) => Require(Tools.Find(tool) is not null, $"'{tool}' on PATH");

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
