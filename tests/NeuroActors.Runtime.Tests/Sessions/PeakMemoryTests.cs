using System.Diagnostics;
using NeuroActors.Runtime.Sessions;
using Xunit;

namespace NeuroActors.Runtime.Tests.Sessions;

public class PeakMemoryTests
{
    [Fact]
    public void The_peak_is_the_figure_the_operating_system_reports_for_the_process()
    {
        // The peak never falls: read ours first, then .NET's, and ours lies at or below it and close to it.
        long ours = PeakMemory.Bytes();
        using var process = Process.GetCurrentProcess();
        long dotnet = process.PeakWorkingSet64;
        Assert.InRange(ours, 1L << 20, dotnet);
        // Loading System.Diagnostics.Process and a few allocations in between raise it by far less than 64 MiB.
        Assert.True(dotnet - ours < 64L << 20, $"{ours} bytes against {dotnet}");
    }
}
