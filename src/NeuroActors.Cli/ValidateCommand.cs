using System.CommandLine;
using Spectre.Console;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Cli;

/// <summary><c>neuroactors validate MODEL</c>: checks a model file and prints what it describes.</summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var model = new Argument<string>("model") { Description = "Model file (YAML)." };
        var command = new Command("validate", "Check a model file without running it.") { model };
        command.SetAction(parse =>
        {
            if (!ModelFile.TryLoad(cli, parse.GetValue(model)!, out var spec)) return CliApp.UserError;
            int window = NetworkPlan.WindowStepsOf(spec);
            cli.Console.WriteLine($"{parse.GetValue(model)}: valid model '{spec.Simulation.Name}'");
            cli.Console.WriteLine($"  {spec.Populations.Count} populations, {spec.TotalNeurons} neurons, {spec.Projections.Count} projections, " +
                $"{spec.Stimuli.Count} stimuli, {spec.Recorders.Count} recorders");
            cli.Console.WriteLine($"  dt {spec.Simulation.DtMs} ms, duration {spec.Simulation.DurationMs} ms, seed {spec.Simulation.Seed}, " +
                $"window {window} steps ({window * spec.Simulation.DtMs} ms)");
            return 0;
        });
        return command;
    }
}

/// <summary>Loading a model file with user-facing errors.</summary>
public static class ModelFile
{
    /// <summary>Loads <paramref name="path"/>; on failure prints every problem and returns false.</summary>
    public static bool TryLoad(CliContext cli, string path, out NetworkSpec spec)
    {
        spec = null!;
        if (Directory.Exists(path))
        {
            cli.Fail($"model file '{path}' is a directory; give the model's YAML file");
            return false;
        }
        if (!File.Exists(path))
        {
            cli.Fail($"model file '{path}' does not exist");
            return false;
        }
        try
        {
            spec = ModelLoader.Load(path, SpikeTrainFiles.Instance); // spike files: .npy and SONATA
            // A backend the model names must be one this process can run (registered with the kernel).
            ShardBackends.ThrowIfUnknown(spec);
            return true;
        }
        catch (ModelException ex)
        {
            cli.Fail(ex.Lines($"{path}: ").ToArray());
            return false;
        }
        catch (IOException ex)
        {
            cli.Fail($"cannot read model file '{path}': {ex.Message}");
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            cli.Fail($"cannot read model file '{path}': {ex.Message}");
            return false;
        }
    }
}
