using System.CommandLine;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>The <c>neuroactors</c> command: run, validate, plot, inspect, node, bench, cert, train.</summary>
public static class CliApp
{
    // Every backend the command knows is there for every command and every entry point (the program, tests, a
    // cluster node's process): a model names its backend, and on a cluster every node must be able to build it.
    // Registered by name, so that a process whose models do not name it never loads its assembly.
    static CliApp()
    {
        NeuroActors.Kernel.Shard.ShardBackends.Register(NeuroActors.Loihi.LoihiShard.Name, () => NeuroActors.Loihi.LoihiShard.Kind);
        LoihiEnergyReport.Register();
    }

    /// <summary>Exit code for a user error (bad model, bad option, unwritable output).</summary>
    public const int UserError = 1;

    /// <summary>Exit code when the simulation itself failed (a fault in NeuroActors, not in the input).</summary>
    public const int InternalError = 2;

    /// <summary>Exit code after Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code after SIGTERM (e.g. <c>docker stop</c>, <c>kill</c>), as shells report it: 128 + 15.</summary>
    public const int Terminated = 143;

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
        TrainCommand.Create(context),
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
        if (parse.Errors.Count > 0)
        {
            // One line, not the parser's multi-line message followed by the whole help.
            string command = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            return context.Fail($"{OneLine(parse.Errors[0].Message)} (see 'neuroactors {command}--help')");
        }
        // Ctrl+C and SIGTERM cancel the command (a node then leaves its cluster politely, a run writes nothing); the
        // signal is remembered so that the exit code says which one it was, as shells report them (130, 143).
        using var cancel = new CancellationTokenSource();
        int signal = 0;
        void OnSignal(PosixSignalContext c)
        {
            c.Cancel = true;
            Interlocked.CompareExchange(ref signal, c.Signal == PosixSignal.SIGTERM ? Terminated : Interrupted, 0);
            cancel.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var run = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancel.Token);
        // A command that does not stop within the grace period after a signal is abandoned.
        var grace = Task.Delay(Timeout.Infinite, cancel.Token).ContinueWith(_ => Task.Delay(GracePeriod), TaskScheduler.Default).Unwrap();
        if (Task.WhenAny(run, grace).GetAwaiter().GetResult() != run) return signal;
        int code = run.GetAwaiter().GetResult();
        return code == Interrupted && signal != 0 ? signal : code;
    }

    /// <summary>How long a command may take to stop after Ctrl+C or SIGTERM (a node needs a few seconds to leave its cluster).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

    /// <summary>A parser message on one line: "Did you mean one of: a, b" rather than one suggestion per line.</summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : lines[0].TrimEnd('.', ':', '?') + ": " + string.Join(", ", lines[1..]);
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
