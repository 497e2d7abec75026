using System.Globalization;
using System.Runtime.CompilerServices;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// This process's peak resident memory, the figure a run reports. On Linux it is read where
/// <see cref="System.Diagnostics.Process.PeakWorkingSet64"/> reads it (VmHWM in /proc/self/status), without loading
/// System.Diagnostics.Process and its dependencies: about 0.7 MB that the figure would otherwise include.
/// </summary>
internal static class PeakMemory
{
    /// <summary>The peak resident memory so far, in bytes.</summary>
    public static long Bytes()
    {
        if (OperatingSystem.IsLinux())
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) && line.EndsWith(" kB", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6, line.Length - 9).Trim(), CultureInfo.InvariantCulture) * 1024;
        return FromProcess();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long FromProcess()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
