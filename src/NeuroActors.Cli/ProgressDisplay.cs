using NeuroActors.Runtime;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>Shows simulated time and the current real-time factor while a run goes on.</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="run"/>, drawing a live bar on a terminal and a line every 10 % otherwise.</summary>
    public static async Task<T> Run<T>(CliContext cli, Func<IProgress<RunProgress>, Task<T>> run)
    {
        if (!cli.Interactive)
        {
            int lastDecile = -1;
            object gate = new();
            var lines = new Progress<RunProgress>(p =>
            {
                if (p.Detail is { } detail)
                {
                    cli.Console.WriteLine($"  {detail}");
                    return;
                }
                if (p.Phase != "simulate" || p.EndStep <= p.StartStep) return;
                int decile = (int)(10 * (p.Step - p.StartStep) / (p.EndStep - p.StartStep));
                lock (gate)
                {
                    if (decile <= lastDecile) return;
                    lastDecile = decile;
                }
                cli.Console.WriteLine($"  t = {p.TimeMs:0.#} ms ({10 * decile} %), real-time factor {p.RealTimeFactor:0.00}");
            });
            return await run(lines);
        }

        T result = default!;
        await cli.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("building network", maxValue: 1);
                var progress = new Progress<RunProgress>(p =>
                {
                    if (p.Detail is { } detail) { ctx.Refresh(); cli.Console.MarkupLineInterpolated($"  {detail}"); return; }
                    if (p.Phase == "build") { task.Description = "building network"; return; }
                    double total = (p.EndStep - p.StartStep) * p.DtMs;
                    task.MaxValue = Math.Max(total, 1e-9);
                    task.Value = (p.Step - p.StartStep) * p.DtMs;
                    task.Description = $"t = {p.TimeMs:0.0} ms, RTF {p.RealTimeFactor:0.00}";
                });
                result = await run(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }
}
