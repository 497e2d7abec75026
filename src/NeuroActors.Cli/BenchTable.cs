using System.Globalization;
using System.Text;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>The benchmark table, on the console (one column per model) and as markdown (one row per model).</summary>
public static class BenchTable
{
    /// <summary>A figure of the table: its label and how to show it.</summary>
    private sealed record Figure(string Label, Func<BenchModel, string> Show);

    /// <summary>Every figure; a statistic shows as "median (min–max)", or the median alone when the range rounds to one value.</summary>
    private static IReadOnlyList<Figure> Figures()
    {
        Func<BenchModel, string> Stat(Func<BenchModel, BenchStat?> pick, Func<double, string> format) => m => pick(m) is { } s
            ? format(s.Min) == format(s.Max) ? format(s.Median) : $"{format(s.Median)} ({format(s.Min)}–{format(s.Max)})"
            : "-";
        return
        [
            new("shards", m => m.Shards.ToString(CultureInfo.InvariantCulture)),
            new("processes", m => m.Processes.ToString(CultureInfo.InvariantCulture)),
            new("packets per window", m => m.PacketsPerWindow.ToString(CultureInfo.InvariantCulture)),
            new("biological time (ms)", m => m.BiologicalMs.ToString("0.#", CultureInfo.InvariantCulture)),
            new("build (s)", Stat(m => m.BuildSeconds, Seconds)),
            new("simulation (s)", Stat(m => m.SimulationSeconds, Seconds)),
            new("real-time factor", Stat(m => m.RealTimeFactor, Seconds)),
            new("synaptic events/s", Stat(m => m.SynapticEventsPerSecond, Rate)),
            new("bytes/synapse", Stat(m => m.BytesPerSynapse, v => v.ToString("0.0", CultureInfo.InvariantCulture))),
            new("peak memory (MiB)", Stat(m => m.PeakMemoryMib, Mib)),
            new("worker peak memory (MiB)", Stat(m => m.WorkerPeakMemoryMib, Mib)),
            new("compute, all shards (s)", Stat(m => m.ComputeSeconds, Seconds)),
            new("waiting, all shards (s)", Stat(m => m.WaitSeconds, Seconds)),
            new("serialization (s)", Stat(m => m.SerializationSeconds, Seconds)),
        ];
    }

    /// <summary>Prints one row per figure and one column per model.</summary>
    public static void Print(IAnsiConsole console, BenchReport report)
    {
        var table = new Table().AddColumn($"median of {report.Repeats} (min–max)");
        foreach (var m in report.Models) table.AddColumn(new TableColumn(new Text(m.Model)).RightAligned());
        foreach (var f in Figures())
            table.AddRow([new Text(f.Label), .. report.Models.Select(m => new Text(f.Show(m)))]);
        console.Write(table);
    }

    /// <summary>The table as markdown: one row per model, each cell "median (min–max)".</summary>
    public static string Markdown(BenchReport report)
    {
        var figures = Figures();
        var text = new StringBuilder();
        text.AppendLine($"Measured {report.CreatedUtc:yyyy-MM-dd HH:mm} UTC on {report.Machine.Os}, {report.Machine.Cores} cores, {report.Machine.Runtime}; " +
            $"median (min–max) of {report.Repeats} runs per model, each in a fresh process.");
        text.AppendLine();
        text.AppendLine("| model | " + string.Join(" | ", figures.Select(f => f.Label)) + " |");
        text.AppendLine("| --- |" + string.Concat(figures.Select(_ => " ---: |")));
        foreach (var m in report.Models)
            text.AppendLine($"| {m.Model} | " + string.Join(" | ", figures.Select(f => f.Show(m))) + " |");
        return text.ToString();
    }

    /// <summary>Seconds (and real-time factors): three decimals below 1, fewer as values grow.</summary>
    public static string Seconds(double v) => v.ToString(Math.Abs(v) switch
    {
        >= 100 => "0",
        >= 10 => "0.0",
        >= 1 => "0.00",
        _ => "0.000",
    }, CultureInfo.InvariantCulture);

    /// <summary>Events per second in scientific notation, as the run summary prints them.</summary>
    public static string Rate(double v) => v.ToString("0.00e+0", CultureInfo.InvariantCulture);

    /// <summary>Whole MiB.</summary>
    public static string Mib(double v) => v.ToString("0", CultureInfo.InvariantCulture);
}
