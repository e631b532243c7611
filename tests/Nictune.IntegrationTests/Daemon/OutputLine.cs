namespace Nictune.IntegrationTests.Daemon;

/// <summary>One line the agent printed, with its position in <see cref="AgentProcess"/>'s output (0-based).</summary>
internal readonly record struct OutputLine(int Number, string Text);
