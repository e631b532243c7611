using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>What the web server needs to serve the control API: registered by <c>AddNictuneApi</c> when it is on.</summary>
internal sealed record ApiHosting(ApiListenerOptions Listeners, ApiAccessPolicy Policy, IAgentBackend Backend, ApiCallMetrics? CallMetrics);
