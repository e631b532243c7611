using Xunit;

namespace Nictune.IntegrationTests.Systemd;

/// <summary>The container root is fetched from the mirror apt uses here: both sources.list styles, as apt reads them.</summary>
public sealed class AptMirrorTests
{
    [Fact]
    public void A_deb822_source_for_the_suite_is_used_and_other_suites_and_disabled_entries_are_not()
    {
        const string Sources = """
            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb
            URIs: http://disabled.example/debian
            Suites: bookworm
            Enabled: no

            Types: deb-src deb
            # a comment between fields
            URIs: http://mirror.example/debian/
            Suites: bookworm bookworm-updates
            Components: main
            """;

        var mirror = AptMirror.FromSources([("/etc/apt/sources.list.d/debian.sources", Sources)], "bookworm");

        Assert.Equal(new AptMirror("http://mirror.example/debian", "bookworm"), mirror);
    }

    [Fact]
    public void A_one_line_source_with_options_is_used_and_a_commented_one_is_not()
    {
        const string List = """
            # deb http://commented.example/debian trixie main
            deb-src http://src.example/debian trixie main
            deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] https://mirror.example/debian trixie main
            """;

        var mirror = AptMirror.FromSources([("/etc/apt/sources.list", List)], "trixie");

        Assert.Equal(new AptMirror("https://mirror.example/debian", "trixie"), mirror);
    }

    [Fact]
    public void Without_a_source_for_the_suite_the_mirror_is_unknown()
    {
        var mirror = AptMirror.FromSources([("/etc/apt/sources.list", "deb http://ftp.example/debian bullseye main\n")], codename: null);

        Assert.Equal(new AptMirror(null, "bookworm"), mirror);
        Assert.False(mirror.IsKnown);
    }
}
