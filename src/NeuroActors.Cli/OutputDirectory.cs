namespace NeuroActors.Cli;

/// <summary>Checks, before a long run, that results could be written.</summary>
public static class OutputDirectory
{
    /// <summary>Null when <paramref name="dir"/> can be created and written; otherwise the reason.</summary>
    public static string? Problem(string dir)
    {
        try
        {
            if (File.Exists(dir)) return "a file of that name exists";
            bool existed = Directory.Exists(dir);
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            if (!existed) Directory.Delete(dir);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
