using BenchmarkDotNet.Running;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's own command line, e.g. <c>--filter '*'</c>, <c>--filter '*Delivery*'</c>,
/// <c>--job short</c> for a quick run, <c>--list flat</c> to see the benchmarks. See docs/performance.md.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks the arguments select.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
