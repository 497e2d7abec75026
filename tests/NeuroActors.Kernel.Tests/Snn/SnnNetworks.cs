using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Snn;

/// <summary>
/// The reference's networks as simulator models, built here independently of the training export: dt = 1 ms, every
/// connection all-to-all with its weight and a delay of one step, so layer l (from 1) answers the input of engine step
/// t at simulation step t + l and the readout (layer L + 1) at t + L + 1.
/// </summary>
public static class SnnNetworks
{
    /// <summary>The model: populations input, layer1 … layerL and readout; spikes of every layer and the readout's v recorded.</summary>
    public static NetworkSpec Spec(int inputs, int[][] input, IReadOnlyList<SnnRefLayer> layers, SnnRefReadout? readout)
    {
        int steps = input.Length;
        var b = new NetworkBuilder("snn", dtMs: 1, durationMs: steps + layers.Count + 1, seed: 1)
            .SpikeSourceArray("input", InputTimes(inputs, input));
        string below = "input";
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            string name = $"layer{l + 1}";
            b.Population(name, layer.Size, NeuronModel.SnnLeaky, new()
            {
                ["reset"] = layer.Reset, ["reset_timing"] = layer.SameStep ? 1 : 0, ["alpha"] = layer.Alpha,
                ["adapt_rho"] = layer.Rho, ["adapt_strength"] = layer.Strength, ["adapt_reset"] = layer.AdaptiveReset ? 1 : 0,
                ["start"] = l + 1,
            })
                .PerNeuron(name, "beta", layer.Beta).PerNeuron(name, "threshold", layer.Theta)
                .PerNeuron(name, "bias", layer.Bias ?? new double[layer.Size])
                .Connections(below, name, AllToAll(layer.Weight))
                .RecordSpikes(name);
            if (layer.Recurrent is { } rec) b.Connections(name, name, AllToAll(rec), name: name + ".recurrent");
            below = name;
        }
        if (readout is not null)
        {
            b.Population("readout", readout.Weight.Length, NeuronModel.LeakyReadout, new() { ["alpha"] = readout.Alpha, ["start"] = layers.Count + 1 })
                .PerNeuron("readout", "beta", readout.Beta).PerNeuron("readout", "bias", readout.Bias ?? new double[readout.Weight.Length])
                .Connections(below, "readout", AllToAll(readout.Weight))
                .RecordState("readout", ["v"]);
        }
        return b.Build();
    }

    /// <summary>Input events of engine step t as spike times (t + 1) ms: the source fires in step t.</summary>
    public static double[][] InputTimes(int inputs, int[][] input) =>
        Enumerable.Range(0, inputs).Select(i => Enumerable.Range(0, input.Length).Where(t => input[t].Contains(i)).Select(t => t + 1.0).ToArray()).ToArray();

    /// <summary>Weights [out][in] as explicit connections, source-major, delay 1 ms.</summary>
    public static ConnectionList AllToAll(double[][] weight)
    {
        int outs = weight.Length, ins = weight[0].Length;
        var sources = new List<int>(); var targets = new List<int>(); var w = new List<double>();
        for (int i = 0; i < ins; i++)
            for (int j = 0; j < outs; j++) { sources.Add(i); targets.Add(j); w.Add(weight[j][i]); }
        return ConnectionList.Of([.. sources], [.. targets], [.. w], Enumerable.Repeat(1.0, w.Count).ToArray());
    }
}
