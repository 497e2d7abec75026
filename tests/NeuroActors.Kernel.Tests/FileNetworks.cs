using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// A network whose projections are explicit connections with their own weights and delays (the from_file rule),
/// drawn here once from a seeded generator: Poisson inputs into LIF neurons, recurrent excitation with multapses,
/// excitation onto current-based neurons and inhibition back, delays off the step grid that round both ways.
/// </summary>
public static class FileNetworks
{
    /// <summary>The connections of each projection, in model order: in → exc, exc → exc, exc → inh, inh → exc.</summary>
    public static ConnectionList[] Lists(int seed = 3)
    {
        var random = new System.Random(seed);
        ConnectionList Draw(int n, int sources, int targets, double wLow, double wHigh, double dLow, double dHigh, bool multapses = false)
        {
            var s = new int[n];
            var t = new int[n];
            var w = new double[n];
            var d = new double[n];
            for (int i = 0; i < n; i++)
            {
                // Every tenth entry repeats the previous pair: a multapse with its own weight and delay.
                bool repeat = multapses && i > 0 && i % 10 == 0;
                s[i] = repeat ? s[i - 1] : random.Next(sources);
                t[i] = repeat ? t[i - 1] : random.Next(targets);
                w[i] = wLow + (wHigh - wLow) * random.NextDouble();
                d[i] = dLow + (dHigh - dLow) * random.NextDouble();
            }
            return ConnectionList.Of(s, t, w, d);
        }
        return
        [
            Draw(400, 40, 60, 0.5, 2.0, 0.1, 5.0),
            Draw(900, 60, 60, 0.2, 0.9, 1.0, 3.0, multapses: true),
            Draw(300, 60, 20, 20, 80, 0.8, 2.5),
            Draw(300, 20, 60, -3.0, -0.5, 0.5, 2.0),
        ];
    }

    /// <summary>The network over <paramref name="lists"/> (as <see cref="Lists"/> gives them), or without its recurrent projection.</summary>
    public static NetworkSpec Spec(IReadOnlyList<ConnectionList>? lists = null, double durationMs = 150, bool recurrent = true, int? maxNeuronsPerShard = null)
    {
        lists ??= Lists();
        var b = new NetworkBuilder("from-file", dtMs: 0.1, durationMs: durationMs, seed: 11)
            .PoissonSource("in", 40, 20)
            .Population("exc", 60, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 20, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2 },
                new() { ["v"] = Distribution.Uniform(0, 20) })
            .Population("inh", 20, NeuronModel.IafPscExp,
                new() { ["tau_m"] = 10, ["e_l"] = -65, ["v_th"] = -50, ["v_reset"] = -65, ["tau_syn_ex"] = 2, ["tau_syn_in"] = 5 },
                new() { ["v"] = Distribution.Uniform(-65, -51) })
            .Connections("in", "exc", lists[0])
            .Connections("exc", "exc", recurrent ? lists[1] : ConnectionList.Of([], [], [], []))
            .Connections("exc", "inh", lists[2])
            .Connections("inh", "exc", lists[3], Receptor.Inhibitory)
            .Poisson("exc", rateHz: 10000, weight: 0.1)
            .Poisson("inh", rateHz: 6000, weight: 20)
            .RecordSpikes("in").RecordSpikes("exc").RecordSpikes("inh")
            .RecordState("inh", ["v", "i_syn_ex"], [0, 7, 19]);
        if (maxNeuronsPerShard is { } n) b.MaxNeuronsPerShard(n);
        return b.Build();
    }
}
