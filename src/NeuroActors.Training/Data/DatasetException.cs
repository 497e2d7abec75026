namespace NeuroActors.Training;

/// <summary>
/// A dataset file that cannot be used, in one line: the file, the field (a header key, a column, a line), what was
/// found and what would be valid.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception; the message is <c>FILE, FIELD: got VALUE; EXPECTED</c> on one line.</summary>
    public DatasetException(string file, string field, string value, string expected)
        : base(OneLine($"{file}, {field}: got {value}; {expected}"))
    {
        File = file; Field = field; Value = value; Expected = expected;
    }

    /// <summary>The file, as the user named it.</summary>
    public string File { get; }
    /// <summary>Where in the file: a header key, a column, a line.</summary>
    public string Field { get; }
    /// <summary>What was found.</summary>
    public string Value { get; }
    /// <summary>What would be valid.</summary>
    public string Expected { get; }

    private static string OneLine(string text) =>
        text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : text;
}
