namespace NeuroActors.Results;

/// <summary>
/// Working directories owned by one process (results being staged, recordings kept until they are collected), named
/// <c>&lt;prefix&gt;&lt;process id&gt;-&lt;guid&gt;</c> so that the next run can tell those a killed process left from
/// those a live one is still writing.
/// </summary>
public static class ProcessDirectories
{
    /// <summary>A fresh name for a directory of this process: <paramref name="prefix"/>, the process id, a guid.</summary>
    public static string Name(string prefix) => $"{prefix}{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Deletes the directories in <paramref name="parent"/> named by <see cref="Name"/> with <paramref name="prefix"/>
    /// whose process is no longer alive. Best effort: one that cannot be deleted is left.
    /// </summary>
    public static void RemoveAbandoned(string parent, string prefix)
    {
        if (!Directory.Exists(parent)) return;
        IEnumerable<string> found;
        try { found = Directory.EnumerateDirectories(parent, prefix + "*").ToList(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }
        foreach (var dir in found)
        {
            string rest = Path.GetFileName(dir)[prefix.Length..];
            int dash = rest.IndexOf('-');
            // Without a process id the name is not ours to judge; with a live process the directory is in use.
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || IsAlive(pid)) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* another run may be removing it too */ }
        }
    }

    /// <summary>Whether process <paramref name="pid"/> is running (this process always is).</summary>
    internal static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        // /proc lists the live processes: asking it spares loading System.Diagnostics.Process (about 0.7 MB) into a run.
        return OperatingSystem.IsLinux() ? Directory.Exists($"/proc/{pid}") : IsAliveByProcess(pid);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsAliveByProcess(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
