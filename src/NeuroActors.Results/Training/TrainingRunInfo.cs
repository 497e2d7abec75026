namespace NeuroActors.Results.Training;

/// <summary>What identifies a training run in <c>metrics.json</c>.</summary>
/// <param name="Name">The config's name.</param>
/// <param name="ConfigPath">The config file the run was started from, as given.</param>
/// <param name="Precision">The engine's precision, <c>float32</c> or <c>float64</c>.</param>
/// <param name="Workers">Workers that computed gradients (processes or nodes).</param>
/// <param name="Seed">The config's seed.</param>
/// <param name="Layers">Names of the spiking layers, in network order: the spike columns of <c>metrics.csv</c>.</param>
public sealed record TrainingRunInfo(string Name, string ConfigPath, string Precision, int Workers, ulong Seed, IReadOnlyList<string> Layers);
