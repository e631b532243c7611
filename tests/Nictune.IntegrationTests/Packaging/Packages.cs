namespace Nictune.IntegrationTests.Packaging;

/// <summary>Built packages.</summary>
/// <param name="Version">&lt;Version&gt; from Directory.Build.props: the one place it is set.</param>
/// <param name="UpgradeVersion">One patch version later, for the upgrade test.</param>
public sealed record Packages(string Version, string Deb, string Rpm, string UpgradeVersion, string UpgradeDeb);
