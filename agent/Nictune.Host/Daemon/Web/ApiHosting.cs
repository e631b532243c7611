using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// What the web server needs to serve the control API: registered by <c>AddNictuneApi</c> when it is on. The listeners
/// are needed before the boot tune (the sockets are bound then); what serves calls (the access policy, the backend, the
/// call counters) only when the web application is built, after it (off READY=1's path).
/// </summary>
internal sealed record ApiHosting(ApiListenerOptions Listeners, Lazy<ApiServing> Serving);

/// <summary>What serves the API's calls, built with the web application.</summary>
internal sealed record ApiServing(ApiAccessPolicy Policy, IAgentBackend Backend, ApiCallMetrics? CallMetrics);
