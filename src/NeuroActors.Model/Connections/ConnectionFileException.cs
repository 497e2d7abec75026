namespace NeuroActors.Model;

/// <summary>
/// A connection file that cannot be read as connections: its format, a header, a dtype or shape, a dataset, or a
/// value that is not a number. One line naming the file, the place, the value and what would be valid.
/// </summary>
public sealed class ConnectionFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="where">The file and the place in it ("edges.csv line 3, weight").</param>
    /// <param name="value">What was found.</param>
    /// <param name="expected">What would be valid.</param>
    public ConnectionFileException(string where, string value, string expected)
        : base($"{where}: got {value}; {expected}")
    {
        Where = where;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file and the place in it.</summary>
    public string Where { get; }

    /// <summary>What was found.</summary>
    public string Value { get; }

    /// <summary>What would be valid.</summary>
    public string Expected { get; }
}
