using System.Text.RegularExpressions;

namespace Nictune.Core.Statistics;

/// <summary>
/// One row of <see cref="DriverStatisticsMap"/>: statistic names matching <see cref="Pattern"/> count into
/// <see cref="Counter"/>. A <c>q</c> group in the pattern is the queue number; an <c>a</c> group names the allowance.
/// </summary>
internal sealed record DriverStatisticRule(Regex Pattern, DriverCounter Counter);
