using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// Checks a state document in full after it was parsed: every field that must be there is there, every enum holds a
/// defined value, every key passes <see cref="SettingKeyPolicy"/> and every value <see cref="SettingValueText"/>.
/// A document that was valid JSON of the wrong shape (<c>{}</c>, <c>"entries": null</c>, scope 7, target
/// <c>../../etc</c>) is refused here, with the field named, before the engine trusts any of it.
/// Each problem is "<c>field: what is wrong</c>", fields spelled as in the JSON (<c>entries[3].key.name</c>); a token
/// from the file is quoted truncated (<see cref="SettingValueText.Truncate"/>).
/// </summary>
public static class StateDocumentValidator
{
    /// <summary>Longest id, description or message kept in a state document.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The journal's problems; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var problems = new List<string>();
        Text(problems, "transactionId", journal.TransactionId);
        Defined(problems, "kind", journal.Kind);
        Text(problems, "description", journal.Description);
        if (List(problems, "entries", journal.Entries))
        {
            for (var i = 0; i < journal.Entries.Count; i++)
            {
                var field = $"entries[{i}]";
                if (journal.Entries[i] is not { } entry)
                {
                    problems.Add($"{field}: missing");
                    continue;
                }

                Key(problems, field + ".key", entry.Key);
                OptionalValue(problems, field + ".original", entry.Original);
                Value(problems, field + ".desired", entry.Desired);
            }
        }

        return problems;
    }

    /// <summary>The baseline's problems; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var problems = new List<string>();
        if (List(problems, "settings", baseline.Settings))
        {
            for (var i = 0; i < baseline.Settings.Count; i++)
            {
                var field = $"settings[{i}]";
                if (baseline.Settings[i] is not { } setting)
                {
                    problems.Add($"{field}: missing");
                    continue;
                }

                Key(problems, field + ".key", setting.Key);
                Value(problems, field + ".value", setting.Value);
                if (setting.Device is not null)
                {
                    Text(problems, field + ".device", setting.Device);
                }
            }
        }

        return problems;
    }

    /// <summary>The stored driver adjustments' problems; empty when they are valid.</summary>
    public static IReadOnlyList<string> Check(AdjustedSettings adjusted)
    {
        ArgumentNullException.ThrowIfNull(adjusted);
        var problems = new List<string>();
        if (List(problems, "settings", adjusted.Settings))
        {
            if (adjusted.Settings.Count > AdjustedSettings.MaxEntries)
            {
                problems.Add($"settings: {adjusted.Settings.Count} entries, more than the {AdjustedSettings.MaxEntries} kept");
            }

            for (var i = 0; i < adjusted.Settings.Count; i++)
            {
                var field = $"settings[{i}]";
                if (adjusted.Settings[i] is not { } setting)
                {
                    problems.Add($"{field}: missing");
                    continue;
                }

                Key(problems, field + ".key", setting.Key);
                Value(problems, field + ".desired", setting.Desired);
                Value(problems, field + ".held", setting.Held);
                if (setting.Refused is { } errno && errno <= 0)
                {
                    problems.Add($"{field}.refused: {errno} is not an errno");
                }

                if (setting.Device is not null)
                {
                    Text(problems, field + ".device", setting.Device);
                }
            }
        }

        return problems;
    }

    /// <summary>One history record's problems, each field prefixed with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Check(TransactionResult result, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(result);
        var problems = new List<string>();
        Text(problems, prefix + "id", result.Id);
        Defined(problems, prefix + "kind", result.Kind);
        Text(problems, prefix + "description", result.Description);
        Defined(problems, prefix + "outcome", result.Outcome);
        Text(problems, prefix + "message", result.Message);
        if (result.Undoes is not null)
        {
            Text(problems, prefix + "undoes", result.Undoes);
        }

        if (List(problems, prefix + "settings", result.Settings))
        {
            for (var i = 0; i < result.Settings.Count; i++)
            {
                var field = $"{prefix}settings[{i}]";
                if (result.Settings[i] is not { } setting)
                {
                    problems.Add($"{field}: missing");
                    continue;
                }

                Key(problems, field + ".key", setting.Key);
                Defined(problems, field + ".status", setting.Status);
                OptionalValue(problems, field + ".original", setting.Original);
                OptionalValue(problems, field + ".desired", setting.Desired);
                OptionalValue(problems, field + ".actual", setting.Actual);
                Text(problems, field + ".message", setting.Message);
            }
        }

        return problems;
    }

    /// <summary>The pending confirmation's problems; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(PendingConfirmation pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var problems = new List<string>();
        if (!PendingConfirmation.IsTransactionId(pending.TransactionId))
        {
            problems.Add($"transactionId: \"{SettingValueText.Truncate(pending.TransactionId ?? string.Empty)}\" is not a transaction id (1 to {PendingConfirmation.MaxIdLength} letters, digits and dashes)");
        }

        if (pending.Verb is not (TransactionVerbs.Apply or TransactionVerbs.RollbackPrevious or TransactionVerbs.RollbackBaseline))
        {
            problems.Add($"verb: \"{SettingValueText.Truncate(pending.Verb ?? string.Empty)}\" is not one of {TransactionVerbs.Apply}, {TransactionVerbs.RollbackPrevious}, {TransactionVerbs.RollbackBaseline}");
        }

        if (pending.Deadline.Year is < 2000 or > 9000)
        {
            problems.Add("deadline: not a time between the years 2000 and 9000");
        }

        if (pending.Pushed is { } pushed)
        {
            if (pushed.Name is not null && !Profiles.ProfileName.IsValid(pushed.Name))
            {
                problems.Add($"pushed.name: \"{SettingValueText.Truncate(pushed.Name)}\" is not a profile name");
            }

            if ((pushed.Name is null) != (pushed.Document is null))
            {
                problems.Add("pushed: a name and a document go together (both, or neither when no profile was pushed)");
            }

            if (pushed.Document is { Length: > Profiles.ProfileParser.MaxTextLength })
            {
                problems.Add($"pushed.document: longer than {Profiles.ProfileParser.MaxTextLength} characters");
            }
        }

        return problems;
    }

    private static void Key(List<string> problems, string field, SettingKey? key)
    {
        if (key is null)
        {
            problems.Add($"{field}: missing");
            return;
        }

        if (!Enum.IsDefined(key.Scope))
        {
            problems.Add($"{field}.scope: {(int)key.Scope} is not a scope (Sysctl or Interface)");
            return;
        }

        if (key.Name is null)
        {
            problems.Add($"{field}.name: missing");
            return;
        }

        if (key.Target is null)
        {
            problems.Add($"{field}.target: missing");
            return;
        }

        if (SettingKeyPolicy.Check(key) is { } error)
        {
            problems.Add($"{field}: {key.Scope} \"{SettingValueText.Truncate(key.Target.Length > 0 ? $"{key.Target} {key.Name}" : key.Name)}\": {error}");
        }
    }

    private static void Value(List<string> problems, string field, string? value)
    {
        if (value is null)
        {
            problems.Add($"{field}: missing");
            return;
        }

        OptionalValue(problems, field, value);
    }

    private static void OptionalValue(List<string> problems, string field, string? value)
    {
        if (value is not null && SettingValueText.Check(value) is { } error)
        {
            problems.Add($"{field}: {error}");
        }
    }

    private static void Text(List<string> problems, string field, string? text)
    {
        if (text is null)
        {
            problems.Add($"{field}: missing");
        }
        else if (text.Length > MaxTextLength)
        {
            problems.Add($"{field}: longer than {MaxTextLength} characters");
        }
    }

    private static void Defined<T>(List<string> problems, string field, T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            problems.Add($"{field}: {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)} is not one of {string.Join(", ", Enum.GetNames<T>())}");
        }
    }

    private static bool List<T>(List<string> problems, string field, IReadOnlyList<T>? list)
    {
        if (list is null)
        {
            problems.Add($"{field}: missing (a list is expected)");
            return false;
        }

        return true;
    }
}
