using Nictune.Core.Profiles;
using Nictune.Linux.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Loading from profile directories: temp directories only.</summary>
public sealed class ProfileCatalogTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("nictune-profiles-");

    public ProfileCatalogTests()
    {
        Admin = Path.Join(root.FullName, "etc");
        Shipped = Path.Join(root.FullName, "lib");
        Directory.CreateDirectory(Admin);
        Directory.CreateDirectory(Shipped);
    }

    private string Admin { get; }

    private string Shipped { get; }

    public void Dispose() => root.Delete(recursive: true);

    private static string Write(string directory, string file, string text)
    {
        var path = Path.Join(directory, file);
        File.WriteAllText(path, text);
        return path;
    }

    private ProfileCatalog Catalog() => new([Admin, Shipped]);

    [Fact]
    public void A_name_is_found_in_the_first_directory_that_has_it()
    {
        Write(Shipped, "fast.yaml", "description: shipped\n");
        Write(Shipped, "base.yaml", "description: base\n");
        var admin = Write(Admin, "fast.yaml", "description: admin\n");

        var catalog = Catalog();

        Assert.Equal("admin", catalog.Load("fast").Description);
        Assert.Equal(admin, catalog.Locate("fast"));
        Assert.Equal("base", catalog.Load("base").Description);
    }

    [Fact]
    public void A_value_with_a_slash_or_a_yaml_suffix_is_a_file()
    {
        Assert.True(ProfileCatalog.IsFileReference("./mine.yaml"));
        Assert.True(ProfileCatalog.IsFileReference("dir/mine"));
        Assert.True(ProfileCatalog.IsFileReference("mine.yaml"));
        Assert.False(ProfileCatalog.IsFileReference("mine"));
        Assert.False(ProfileCatalog.IsFileReference("vmxnet3-throughput"));

        var elsewhere = Directory.CreateDirectory(Path.Join(root.FullName, "elsewhere")).FullName;
        var file = Write(elsewhere, "mine.yaml", "description: from a file\n");
        Assert.Equal("from a file", Catalog().Load(file).Description);
        Assert.Equal(file, Catalog().Load(file).Source);
    }

    [Fact]
    public void Extends_resolve_through_the_catalog_also_for_a_file()
    {
        Write(Shipped, "base.yaml", "sysctl: { net.core.somaxconn: 1 }\ninterfaces:\n  - ring: { rx: max }\n");
        var file = Write(root.FullName, "mine.yaml", "extends: [base]\nsysctl: { net.core.optmem_max: 2 }\n");

        var profile = Catalog().Load(file);

        Assert.Equal("1", profile.Sysctl["net.core.somaxconn"]);
        Assert.Equal("2", profile.Sysctl["net.core.optmem_max"]);
        Assert.Equal(Path.Join(Shipped, "base.yaml"), Assert.Single(profile.Interfaces).Location.File);
    }

    [Fact]
    public void An_unknown_name_lists_the_directories_searched()
    {
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("nosuch"));
        Assert.Equal($"unknown profile \"nosuch\" (searched {Admin}, {Shipped})", e.Message);
    }

    [Fact]
    public void An_unknown_name_in_extends_names_the_file_line_and_directories()
    {
        var file = Write(Admin, "mine.yaml", "extends: [nosuch]\n");
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("mine"));
        Assert.Equal($"{file}:1:11: extends[0]: unknown profile \"nosuch\" (searched {Admin}, {Shipped})", e.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Join(root.FullName, "absent.yaml");
        var e = Assert.Throws<ProfileException>(() => Catalog().Load(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void An_invalid_name_is_refused()
    {
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("a b"));
        Assert.Contains("neither a profile name nor a file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_an_extended_file_name_that_file()
    {
        var bad = Write(Shipped, "base.yaml", "interfaces:\n  - ring: { rx: lots }\n");
        Write(Admin, "mine.yaml", "extends: [base]\n");
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("mine"));
        Assert.Equal($"{bad}:2:17: interfaces[0].ring.rx: expected a number or 'max', got \"lots\"", e.Message);
    }

    [Fact]
    public void The_name_field_must_match_the_file_name()
    {
        var file = Write(Admin, "mine.yaml", "name: yours\n");
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("mine"));
        Assert.StartsWith($"{file}:1:7: name: the name \"yours\" differs from the file name \"mine.yaml\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_profile_cannot_extend_the_shipped_one_of_the_same_name()
    {
        // First found wins, so "balanced" from /etc finds itself: a cycle, not a silent override.
        Write(Shipped, "balanced.yaml", "description: shipped\n");
        Write(Admin, "balanced.yaml", "extends: [balanced]\n");
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("balanced"));
        Assert.Contains("extends cycle: balanced -> balanced", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_files_are_refused_without_reading_them()
    {
        var path = Write(Admin, "huge.yaml", new string('#', ProfileParser.MaxTextLength + 1));
        var e = Assert.Throws<ProfileException>(() => Catalog().Load("huge"));
        Assert.StartsWith($"{path}: is larger than {ProfileParser.MaxTextLength} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_every_profile_with_the_files_it_shadows()
    {
        Write(Shipped, "fast.yaml", "description: shipped\n");
        Write(Shipped, "base.yaml", "description: base\n");
        Write(Shipped, "not a name.yaml", "description: skipped\n");
        Write(Shipped, "notes.txt", "not a profile\n");
        Write(Admin, "fast.yaml", "description: admin\n");

        var entries = Catalog().List();

        Assert.Equal(["base", "fast"], entries.Select(e => e.Name));
        Assert.Equal(Path.Join(Admin, "fast.yaml"), entries[1].Path);
        Assert.Equal([Path.Join(Shipped, "fast.yaml")], entries[1].Shadowed);
        Assert.Empty(entries[0].Shadowed);
    }

    [Fact]
    public void A_long_lived_catalog_sees_edits()
    {
        var catalog = Catalog();
        Write(Admin, "mine.yaml", "description: first\n");
        Assert.Equal("first", catalog.Load("mine").Description);
        Write(Admin, "mine.yaml", "description: second\n");
        Assert.Equal("second", catalog.Load("mine").Description);
    }

    [Fact]
    public void Missing_directories_are_skipped()
    {
        Write(Shipped, "base.yaml", "description: base\n");
        var catalog = new ProfileCatalog([Path.Join(root.FullName, "absent"), Shipped]);
        Assert.Equal("base", catalog.Load("base").Description);
        Assert.Single(catalog.List());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(":", null)]
    [InlineData("packaging/profiles", new[] { "packaging/profiles" })]
    [InlineData("/a::/b:", new[] { "/a", "/b" })]
    public void The_search_path_variable_is_a_colon_separated_list(string? value, string[]? expected)
    {
        // null: the variable says nothing, so the default search path applies.
        Assert.Equal(expected ?? ProfileCatalog.DefaultSearchPath, ProfileCatalog.ParseSearchPath(value));
    }

    [Fact]
    public void The_default_search_path_is_admin_then_shipped_then_bundled()
    {
        Assert.Equal(
            ["/etc/nictune/profiles", "/usr/lib/nictune/profiles", Path.Join(AppContext.BaseDirectory, "profiles")],
            ProfileCatalog.DefaultSearchPath);
    }

    [Fact]
    public void The_build_output_bundles_every_shipped_profile()
    {
        var shipped = Directory.GetFiles(Path.Join(Nictune.Testing.NictuneBinary.RepoRoot, "packaging", "profiles"), "*.yaml").Select(Path.GetFileName).Order();
        var bundled = Directory.GetFiles(Path.Join(Path.GetDirectoryName(Nictune.Testing.NictuneBinary.Path)!, "profiles"), "*.yaml").Select(Path.GetFileName).Order();
        Assert.Equal(shipped, bundled);
    }
}
