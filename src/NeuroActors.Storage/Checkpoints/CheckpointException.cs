namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// A checkpoint that cannot be used: missing, incomplete, damaged, or written for another model. The message is one
/// line naming the file and section and what is wrong, fit to show a user as it is.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception; line breaks in <paramref name="message"/> are folded and other control characters shown as '?', so it stays one line.</summary>
    public CheckpointException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the exception for a failure of the file system or another library.</summary>
    public CheckpointException(string message, Exception inner) : base(OneLine(message), inner) { }

    // Bytes of a damaged file quoted in a message may hold control characters: shown as '?', they cannot break the line
    // or drive the terminal.
    private static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        return line.Any(char.IsControl) ? new string(line.Select(c => char.IsControl(c) ? '?' : c).ToArray()) : line;
    }
}
