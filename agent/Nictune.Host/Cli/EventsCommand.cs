using System.Collections.Frozen;
using System.CommandLine;
using System.Globalization;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune events</c>: the agent's recent events (those its ring still holds, after <c>--since N</c>), one line
/// each; <c>--follow</c> keeps printing new ones until interrupted.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing events as they happen" };
        var since = new Option<ulong>("--since") { Description = "Only events after this sequence number", HelpName = "N" };
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("events", "Show the agent's events: transactions, drift, interfaces, reloads, pushes") { follow, since, json };
        client.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var target = client.Resolve(parse);
            return Task.FromResult(ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);

                // Without --follow: what is held now, up to the newest sequence number at the start.
                var last = parse.GetValue(follow) ? ulong.MaxValue : agent.Client.GetStatus(new GetStatusRequest()).LastEventSequence;
                var from = parse.GetValue(since);
                if (last <= from)
                {
                    return ExitCodes.Success;
                }

                using var call = agent.Client.WatchEvents(new WatchEventsRequest { Since = from }, cancellationToken: cancellation);
                try
                {
                    Print(call, last, parse.GetValue(json), cancellation).GetAwaiter().GetResult();
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellation.IsCancellationRequested)
                {
                    // Ctrl-C with --follow.
                }

                return ExitCodes.Success;
            }));
        });
        return command;
    }

    private static async Task Print(AsyncServerStreamingCall<Event> call, ulong last, bool json, CancellationToken cancellation)
    {
        await foreach (var e in call.ResponseStream.ReadAllAsync(cancellation).ConfigureAwait(false))
        {
            if (json)
            {
                AgentOutput.Json(e);
            }
            else
            {
                var fields = string.Join(' ', e.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
                var time = e.Time?.ToDateTimeOffset().ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
                Console.Out.WriteLine($"{e.Sequence,6} {time} {Kind(e.Kind),-20} {e.Message}{(fields.Length > 0 ? "  [" + fields + "]" : string.Empty)}");
            }

            if (e.Sequence >= last)
            {
                return;
            }
        }
    }

    // The CLI's word for an event kind is its proto name without the prefix, in kebab case (EVENT_KIND_GUARD_FAILED is
    // guard-failed), so a kind added to agent.proto has its word without another list to keep in step.
    private static readonly FrozenDictionary<EventKind, string> Words = AgentReflection.Descriptor
        .FindTypeByName<EnumDescriptor>(nameof(EventKind)).Values
        .ToFrozenDictionary(v => (EventKind)v.Number, v => v.Name["EVENT_KIND_".Length..].ToLowerInvariant().Replace('_', '-'));

    internal static string Kind(EventKind kind) => Words.TryGetValue(kind, out var word) ? word : "event";
}
