namespace NeuroActors.Results;

/// <summary>Results could not be written or read; the message is meant for the user.</summary>
public sealed class ResultsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResultsException(string message, Exception? inner = null) : base(message, inner) { }
}
