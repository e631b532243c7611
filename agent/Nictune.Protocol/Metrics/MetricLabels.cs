namespace Nictune.Protocol.Metrics;

/// <summary>Label names, shared with node_exporter's conventions where they overlap.</summary>
internal static class MetricLabels
{
    public const string Device = "device";
    public const string Queue = "queue";
    public const string Cpu = "cpu";
    public const string Collector = "collector";
    public const string Setting = "setting";
    public const string Sysctl = "sysctl";
    public const string Mode = "mode";
    public const string Outcome = "outcome";
    public const string Verb = "verb";
    public const string Result = "result";
    public const string Allowance = "allowance";
    public const string Check = "check";
}
