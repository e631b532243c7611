namespace Nictune.Host.Cli;

/// <summary>Bad input from the command line or a file it names. Printed as is; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
