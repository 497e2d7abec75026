namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// A checkpoint that cannot be used: missing, incomplete, damaged, or written for another model. The message is one
/// line naming the file and section and what is wrong, fit to show a user as it is.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception; line breaks in <paramref name="message"/> are folded so it stays one line.</summary>
    public CheckpointException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the exception for a failure of the file system or another library.</summary>
    public CheckpointException(string message, Exception inner) : base(OneLine(message), inner) { }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
