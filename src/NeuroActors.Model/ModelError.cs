namespace NeuroActors.Model;

/// <summary>One problem in a model: where it is (a YAML-style path such as <c>projections[2].synapse.delay</c>), the bad value and what would be valid.</summary>
public sealed record ModelError(string Path, string Value, string Expected)
{
    /// <inheritdoc/>
    public override string ToString() => ModelException.OneLine($"{Path}: got {Value}; {Expected}");
}

/// <summary>Thrown when a model is invalid; carries every error found, not just the first.</summary>
public sealed class ModelException : Exception
{
    /// <summary>
    /// Creates the exception from a non-empty error list; a <see cref="ModelErrors"/> list carries the count of errors
    /// it did not keep, which the message and <see cref="MoreErrors"/> report.
    /// </summary>
    public ModelException(IReadOnlyList<ModelError> errors)
        : base(MessageOf(errors))
    {
        Errors = errors;
        MoreErrors = (errors as ModelErrors)?.More ?? 0;
    }

    /// <summary>The errors found, at most <see cref="ModelErrors.Cap"/> of them when the loader collected them.</summary>
    public IReadOnlyList<ModelError> Errors { get; }

    /// <summary>How many errors were found beyond <see cref="Errors"/> (counted, not kept).</summary>
    public long MoreErrors { get; }

    /// <summary>Every error's line, then "… and N more errors" when some were not kept: what a command prints.</summary>
    public IEnumerable<string> Lines(string prefix = "") =>
        Errors.Select(e => prefix + e).Concat(MoreErrors > 0 ? [ModelErrors.MoreLine(MoreErrors)] : []);

    // One line, whatever the values hold: a model error is printed as one line per error.
    private static string MessageOf(IReadOnlyList<ModelError> errors)
    {
        long more = (errors as ModelErrors)?.More ?? 0;
        string text = errors.Count == 1 && more == 0 ? errors[0].ToString()
            : $"{errors.Count + more} errors in model: " + string.Join("; ", errors) + (more > 0 ? "; " + ModelErrors.MoreLine(more) : "");
        return OneLine(text);
    }

    /// <summary><paramref name="text"/> with line breaks and other control characters shown as spaces.</summary>
    public static string OneLine(string text) =>
        text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : text;
}
