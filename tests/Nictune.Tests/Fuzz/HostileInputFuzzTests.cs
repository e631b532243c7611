using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.State;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Fuzz;

/// <summary>
/// Issue 9: property-based fuzzing of the readers of files someone else may have written. Random JSON (built from the
/// state files' own field names and the values that broke them, then cut at random) and random YAML (agent.yaml's
/// keys, anchors, aliases, nesting and YAML's punctuation) must give a value or the reader's own error (exit 2 at the
/// CLI); never another exception, a hang (the whole run is under a timeout), or an allocation out of proportion to
/// the input.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const int Cases = 300;

    /// <summary>No case reads more than a few kilobytes; a reader that allocates this much per case is not bounded.</summary>
    private const long AllocationBound = 64L * 1024 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private static readonly string[] JsonFields =
    [
        "transactionId", "kind", "description", "startedAt", "entries", "key", "scope", "target", "name", "original", "desired",
        "settings", "value", "recordedAt", "id", "outcome", "status", "message", "actual", "errno", "notRestored", "finishedAt", "undoes", "x",
    ];

    private static readonly string[] JsonScalars =
    [
        "null", "true", "false", "0", "-5", "1e3", "7", "4294967296", "1" + new string('9', 400), "\"\"", "\"Apply\"", "\"Recovery\"", "\"Sysctl\"",
        "\"Interface\"", "\"Succeeded\"", "\"Applied\"", "\"kernel.hostname\"", "\"net.core.somaxconn\"", "\"../../etc\"", "\"eth0\"",
        "\"ring.rx\"", "\"mtu\"", "\"2026-01-01T00:00:00Z\"", "\"4096\\t87380\"", "\"a\\u0000b\"", "\"\\ud800\"",
    ];

    private static readonly string[] YamlKeys =
    [
        "state-dir", "profile", "mode", "drift-interval", "on-stop", "interfaces", "include", "exclude", "x", "Mode", "<<", "? a", "\"q\"",
    ];

    private static readonly string[] YamlScalars =
    [
        "", "~", "null", "enforce", "observe", "60s", "0s", "keep", "restore-baseline", "/var/lib/nictune", "auto", "eth*", "'eth[0'", "[]", "{}",
        "[[]]", "&a x", "*a", "*b", "!!binary aGVsbG8=", "!!int 3", "|\n  block", ">\n  folded", "\"\\x00\"", "- a", "? b", ": c", "%TAG", "---", "...",
    ];

    [Fact]
    public Task State_readers_give_a_document_or_a_state_error() => Run(() =>
    {
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(dir.Path);
        var property = Prop.ForAll(Arb.From(Mangled(JsonValue(4))), text =>
        {
            foreach (var file in new[] { FileStateStore.JournalFile, FileStateStore.BaselineFile, FileStateStore.HistoryFile })
            {
                File.WriteAllText(Path.Join(dir.Path, file), file == FileStateStore.HistoryFile ? text.Replace('\n', ' ') + "\n" : text);
            }

            Bounded(() => Expect<StateStoreException>(() => store.ReadJournal()), text);
            Bounded(() => Expect<StateStoreException>(() => store.ReadBaseline()), text);
            Bounded(() => Expect<StateStoreException>(() => store.ReadHistory()), text);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
    });

    [Fact]
    public Task The_config_loader_gives_settings_or_a_config_error() => Run(() =>
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, "agent.yaml");
        var property = Prop.ForAll(Arb.From(Mangled(YamlDocument())), text =>
        {
            File.WriteAllText(path, text);
            Bounded(() => Expect<AgentConfigException>(() => AgentConfigLoader.Load(path)), text);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
    });

    private static Task Run(Action fuzz) => Task.Run(fuzz).WaitAsync(Patience, TestContext.Current.CancellationToken);

    private static void Expect<TError>(Action read)
        where TError : Exception
    {
        try
        {
            read();
        }
        catch (TError)
        {
            // The reader's own error, which the CLI turns into exit 2 with the message.
        }
    }

    private static void Bounded(Action read, string input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            read();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.GetType().Name} for input ({input.Length} chars): {Show(input)}", e);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound)
        {
            throw new InvalidOperationException($"{allocated} bytes allocated for input ({input.Length} chars): {Show(input)}");
        }
    }

    private static string Show(string input) => input.Length > 300 ? input[..300] + "…" : input;

    /// <summary>The text as generated, or cut short, or with a stray character dropped in: syntax errors anywhere.</summary>
    private static Gen<string> Mangled(Gen<string> documents) =>
        documents.SelectMany(text => Gen.Frequency(
            (3, Gen.Constant(text)),
            (1, Gen.Choose(0, text.Length).Select(n => text[..n])),
            (1, Gen.Zip(Gen.Choose(0, text.Length), Gen.Elements('{', '}', '[', ']', '"', ',', ':', '\0', '\n', '\\', '&', '*', '\t'))
                .Select(p => text.Insert(p.Item1, p.Item2.ToString())))));

    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.Elements(JsonScalars);
        if (depth == 0)
        {
            return scalar;
        }

        var inner = JsonValue(depth - 1);
        var array = Gen.ListOf(inner, 4).Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Zip(Gen.Elements(JsonFields), inner, (name, value) => $"\"{name}\":{value}");
        var obj = Gen.ListOf(member, 6).Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency((2, scalar), (1, array), (3, obj));
    }

    private static Gen<string> YamlDocument() =>
        Gen.ListOf(YamlEntry(0), 6).Select(lines => string.Concat(lines));

    private static Gen<string> YamlEntry(int indent)
    {
        var pad = new string(' ', indent);
        var scalarEntry = Gen.Zip(Gen.Elements(YamlKeys), Gen.Elements(YamlScalars), (k, v) => $"{pad}{k}: {v}\n");
        var flowList = Gen.Zip(Gen.Elements(YamlKeys), Gen.ListOf(Gen.Elements(YamlScalars), 4), (k, items) => $"{pad}{k}: [{string.Join(", ", items)}]\n");
        var blockList = Gen.Zip(Gen.Elements(YamlKeys), Gen.ListOf(Gen.Elements(YamlScalars), 3), (k, items) => $"{pad}{k}:\n" + string.Concat(items.Select(i => $"{pad}  - {i}\n")));
        if (indent >= 6)
        {
            return Gen.OneOf(scalarEntry, flowList, blockList);
        }

        var nested = Gen.Zip(Gen.Elements(YamlKeys), Gen.ListOf(YamlEntry(indent + 2), 3), (k, children) => $"{pad}{k}:\n" + string.Concat(children));
        return Gen.Frequency((3, scalarEntry), (2, flowList), (1, blockList), (2, nested));
    }
}
