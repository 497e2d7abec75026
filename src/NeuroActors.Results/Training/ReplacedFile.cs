namespace NeuroActors.Results.Training;

/// <summary>
/// Replaces a file whole: the new content goes to a hidden sibling named after this process
/// (<c>.&lt;name&gt;.partial-&lt;pid&gt;-&lt;guid&gt;</c>, as <see cref="ProcessDirectories"/> names directories) and is renamed
/// over the file, so a reader sees the old file or the new one, never half of one. A sibling that a killed process left
/// is removed by the next write.
/// </summary>
internal static class ReplacedFile
{
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string prefix = $".{Path.GetFileName(full)}.partial-";
        RemoveAbandoned(dir, prefix);
        string temp = Path.Combine(dir, ProcessDirectories.Name(prefix));
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void RemoveAbandoned(string dir, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*").ToList())
        {
            string rest = Path.GetFileName(file)[prefix.Length..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || ProcessDirectories.IsAlive(pid)) continue;
            try { File.Delete(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort: only a hidden file is left */ }
        }
    }
}
