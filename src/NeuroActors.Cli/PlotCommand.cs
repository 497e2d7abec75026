using System.CommandLine;
using Spectre.Console;
using NeuroActors.Results;

namespace NeuroActors.Cli;

/// <summary><c>neuroactors plot RESULTS_DIR</c>: redraws the PNG plots of a finished run from its files.</summary>
public static class PlotCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var dir = new Argument<string>("results") { Description = "Results directory written by 'neuroactors run'." };
        var command = new Command("plot", "Redraw raster.png and traces.png of a results directory.") { dir };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(dir)!;
            try
            {
                foreach (var file in ResultsWriter.WritePlots(path)) cli.Console.WriteLine(Path.Combine(path, file));
                return 0;
            }
            catch (ResultsException ex)
            {
                return cli.Fail(ex.Message);
            }
        });
        return command;
    }
}
