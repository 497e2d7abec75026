using System.Numerics;
using Akka.Actor;
using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Cli;

/// <summary>
/// The real training engine, optimizers and datasets put together for the runtime, which names none of them: for this
/// process's runs, and (registered by <see cref="TrainingWorkers.Register"/>) for the training workers a cluster node hosts.
/// </summary>
public static class TrainingComponentsFor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The components of a run of <paramref name="run"/>, whose relative paths start at <paramref name="baseDirectory"/>.</summary>
    public static TrainingComponents<T> Create(TrainingSpec run, string baseDirectory) => new(
        Data: spec => DatasetLoader.Load(spec.Dataset, baseDirectory),
        Computer: spec => new GradientEngine<T>(spec.Network),
        InitialParameters: Initial,
        Optimizer: (spec, parameters) => Optimizers.Create(spec.Optimizer, parameters),
        LearningRate: (spec, epoch, epochs) => LearningRates.At(spec.Optimizer, epoch, epochs))
    {
        // Learned β and θ stay in their valid ranges after every optimizer step.
        Constrain = parameters => ParameterConstraints.Apply(run.Network, parameters),
    };

    /// <summary>The parameters a run of <paramref name="spec"/> starts from: drawn from its seed, or read from the weight
    /// files its layers name.</summary>
    public static ParameterSet<T> Initial(TrainingSpec spec) =>
        NetworkInit.Create<T>(spec.Network, spec.Seed, file => ReadWeights(file));

    // NetworkInit checks the shape against the layer's; a CSV's shape is its rows and their columns.
    private static (int[] Shape, double[] Values) ReadWeights(string file)
    {
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = File.ReadLines(file).Where(l => l.Trim().Length > 0).ToList();
            int columns = rows.Count == 0 ? 0 : rows[0].Split(',').Length;
            return ([rows.Count, columns], WeightFile.Read(file, file, rows.Count, columns));
        }
        var array = NpyArray.Read(file);
        var values = new double[array.Length];
        for (long i = 0; i < values.Length; i++) values[i] = array[i];
        return (array.Shape.Select(d => (int)d).ToArray(), values);
    }
}

/// <summary>Registers the training worker a cluster node hosts, for either precision.</summary>
public static class TrainingWorkers
{
    /// <summary>Makes <c>neuroactors node</c> able to host a training worker of any config.</summary>
    public static void Register() => TrainingHosting.Register((spec, baseDirectory, system) => spec.Network.Precision == Precision.Float64
        ? Props<double>(spec, baseDirectory, system)
        : Props<float>(spec, baseDirectory, system));

    private static Props Props<T>(TrainingSpec spec, string baseDirectory, ActorSystem system) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var components = TrainingComponentsFor<T>.Create(spec, baseDirectory);
        return TrainingWorker<T>.Props(spec, components, () => components.Data(spec), system);
    }
}
