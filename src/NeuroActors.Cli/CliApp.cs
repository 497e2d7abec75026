using System.CommandLine;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>The <c>neuroactors</c> command: run, validate, plot, inspect, node, bench, cert.</summary>
public static class CliApp
{
    /// <summary>Exit code for a user error (bad model, bad option, unwritable output).</summary>
    public const int UserError = 1;

    /// <summary>Exit code when the simulation itself failed (a fault in NeuroActors, not in the input).</summary>
    public const int InternalError = 2;

    /// <summary>Exit code after Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Parses a command line without running it (for checking commands written elsewhere, e.g. in deployment files).</summary>
    public static ParseResult Parse(string[] args) =>
        Root(new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, false)).Parse(args);

    private static RootCommand Root(CliContext context) => new("NeuroActors: sharded spiking neural network simulation on actors.")
    {
        RunCommand.Create(context),
        ValidateCommand.Create(context),
        PlotCommand.Create(context),
        NodeCommand.Create(context),
        InspectCommand.Create(context),
        BenchCommand.Create(context),
        CertCommand.Create(context),
    };

    /// <summary>Runs the command line; returns the exit code. Output and errors go to the given writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Redirected output has no terminal width; Spectre's default of 80 columns would wrap the summary lines.
        if (!interactive) console.Profile.Width = 160;
        var context = new CliContext(console, error, interactive);
        var root = Root(context);
        var parse = root.Parse(args);
        // Ctrl+C or SIGTERM cancels the command; a node then needs a few seconds to leave its cluster politely.
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
    }
}

/// <summary>Where commands write, and how.</summary>
/// <param name="Console">Rich output (tables, progress).</param>
/// <param name="Error">One-line error messages.</param>
/// <param name="Interactive">True when a live progress bar can be drawn.</param>
public sealed record CliContext(IAnsiConsole Console, TextWriter Error, bool Interactive)
{
    /// <summary>Prints "error: …" lines and returns <see cref="CliApp.UserError"/>.</summary>
    public int Fail(params string[] lines)
    {
        foreach (var line in lines) Error.WriteLine($"error: {line}");
        return CliApp.UserError;
    }
}
