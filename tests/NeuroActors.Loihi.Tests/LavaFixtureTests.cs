using System.Globalization;
using System.Text.Json;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Loihi.Tests;

/// <summary>
/// Lava's own run of Dense → LIF (Fixtures/lava, recorded by benchmarks/lava/lava_fixture.py from PyDenseModelBitAcc and
/// PyLifModelBitAcc, step by step), replayed through the synapse format, the input ring and the compartments, and run
/// as a NeuroActors model (the case's model.yaml) on the loihi backend: every effective weight, every step's a_in,
/// u, v and spike must be Lava's, integer for integer.
/// </summary>
public class LavaFixtureTests
{
    /// <summary>The recorded cases (see Fixtures/lava/README.md for what each covers).</summary>
    private static readonly string[] CaseNames = ["mixed8", "mixed6_exp-5", "excitatory_wrap", "inhibitory5_wrap"];

    /// <summary>Every case.</summary>
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in CaseNames) data.Add(name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightsAreClippedAndTruncatedAsLavasDense(string name)
    {
        var f = Fixture.Load(name);
        var format = f.Format();
        Assert.Equal(f.SignMode, format.SignMode);
        for (int t = 0; t < f.Targets; t++)
            for (int s = 0; s < f.Sources; s++)
                Assert.True(f.EffectiveWeights[t][s] == format.Mantissa(f.RawWeights[t][s]),
                    $"{name}: weight {s} → {t}: raw {f.RawWeights[t][s]}, Lava {f.EffectiveWeights[t][s]}, ours {format.Mantissa(f.RawWeights[t][s])}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InputCurrentVoltageAndSpikesAreLavasEveryStep(string name)
    {
        var f = Fixture.Load(name);
        var format = f.Format();
        var ring = new LoihiInputRing(f.Targets, [format.ShiftsAccumulatedSum ? -format.WeightExp : 0]);
        var lif = new LoihiCompartments(f.Targets);
        lif.SetParameter("du", [f.Du]);
        lif.SetParameter("dv", [f.Dv]);
        lif.SetParameter("vth", [f.Vth]);
        lif.SetParameter("bias_mant", f.BiasMant);
        lif.SetParameter("bias_exp", f.BiasExp);
        f.U0.CopyTo(lif.U, 0);
        f.V0.CopyTo(lif.V, 0);
        var aIn = new int[f.Targets];
        var spiked = new int[f.Targets];

        // NeuroActors' step s (0-based) is Lava's step s + 1; rows of the fixture are indexed by Lava's step − 1.
        for (int s = 0; s < f.Steps; s++)
        {
            Array.Clear(aIn);
            ring.Take(s, aIn);
            Assert.True(f.AIn[s].SequenceEqual(aIn), $"{name}: a_in of Lava step {s + 1}: Lava [{string.Join(", ", f.AIn[s])}], ours [{string.Join(", ", aIn)}]");

            int n = lif.Step(s, aIn, spiked);
            Assert.True(f.U[s].SequenceEqual(lif.U), $"{name}: u after Lava step {s + 1}: Lava [{string.Join(", ", f.U[s])}], ours [{string.Join(", ", lif.U)}]");
            Assert.True(f.V[s].SequenceEqual(lif.V), $"{name}: v after Lava step {s + 1}: Lava [{string.Join(", ", f.V[s])}], ours [{string.Join(", ", lif.V)}]");
            Assert.Equal(f.Spikes[s], spiked[..n]);

            // The sources' spikes of Lava step s + 1 (NeuroActors' step s), delay 1: in a_in of NeuroActors' step s + 1.
            foreach (int source in f.SourceSpikes[s])
                for (int t = 0; t < f.Targets; t++)
                    ring.Add(0, s + 1, t, format.Stored(format.Mantissa(f.RawWeights[t][source])));
        }
    }

    /// <summary>
    /// The case's model.yaml (spike trains from inputs.npy, connections from weights.csv with delay 1 ms, dt 1 ms), loaded
    /// and run as any model: its state samples (stamped k ms after NeuroActors' step k − 1, Lava's step k) and spikes
    /// must be Lava's. 5 shards give the loihi backend 2, so the 12 neurons are cut in two.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModelCases))]
    public void TheModelFileRunsAsLavaRanIt(string name, int shards)
    {
        var f = Fixture.Load(name);
        LoihiShard.Register();
        var spec = ModelLoader.Load(Path.Combine(Fixture.Directory(name), "model.yaml"), SpikeTrainFiles.Instance);
        var plan = new NetworkPlan(spec, shards);
        Assert.Equal(f.Steps, spec.Simulation.Steps);
        var run = SequentialRunner.Run(plan, spec.Simulation.Steps);
        int lif = spec.PopulationIndex("lif");
        Assert.Equal(shards == 5 ? 2 : 1, Enumerable.Range(0, shards).Count(k => plan.Cut.BackendOf(k) == LoihiShard.Name));

        var spikes = Enumerable.Range(0, f.Steps).Select(_ => new List<int>()).ToArray();
        foreach (long e in run.SelectMany(k => k.Recordings.Spikes.ToArray()))
            if (plan.PopulationOf(SpikeEvent.Gid(e)) == lif) spikes[SpikeEvent.Step(e)].Add(SpikeEvent.Gid(e) - plan.PopulationOffset(lif));
        for (int s = 0; s < f.Steps; s++) Assert.Equal(f.Spikes[s], spikes[s].Order());

        int samples = 0;
        foreach (var probe in run.SelectMany(k => k.Recordings.Probes).Where(p => p.Population == lif))
        {
            Assert.Equal(Enumerable.Range(0, f.Steps).Select(t => (long)t), probe.Steps);
            for (int c = 0; c < probe.Variables.Length; c++)
            {
                var lava = probe.Variables[c] == 0 ? f.U : f.V;
                for (int i = 0; i < probe.Neurons.Length; i++, samples++)
                    for (int s = 0; s < f.Steps; s++)
                        Assert.True(lava[s][probe.Neurons[i]] == probe.Values[c][i][s],
                            $"{name}: {(probe.Variables[c] == 0 ? "u" : "v")} of neuron {probe.Neurons[i]} at {s + 1} ms: Lava {lava[s][probe.Neurons[i]]}, NeuroActors {probe.Values[c][i][s]}");
            }
        }
        Assert.Equal(2 * f.Targets, samples);
    }

    /// <summary>Every case on 2 shards (one per backend) and on 5 (the Loihi population cut in two).</summary>
    public static TheoryData<string, int> ModelCases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in CaseNames) { data.Add(name, 2); data.Add(name, 5); }
            return data;
        }
    }

    /// <summary>One case's files, rows indexed by Lava's step − 1.</summary>
    private sealed record Fixture(
        int Sources, int Targets, int Steps, int Du, int Dv, int Vth, int[] BiasMant, int[] BiasExp, int[] U0, int[] V0,
        int WeightExp, int NumWeightBits, LoihiSignMode SignMode, long[][] RawWeights, int[][] EffectiveWeights,
        int[][] SourceSpikes, int[][] AIn, int[][] U, int[][] V, int[][] Spikes)
    {
        public LoihiSynapseFormat Format() =>
            new(LoihiSynapseFormat.DetectSignMode(RawWeights.SelectMany(r => r).Select(w => (double)w).ToArray()), NumWeightBits, WeightExp);

        public static Fixture Load(string name)
        {
            string dir = Directory(name);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
            var c = json.RootElement;
            int Int(string key) => c.GetProperty(key).GetInt32();
            int[] Ints(string key) => [.. c.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];
            int sources = Int("n_in"), targets = Int("n_out"), steps = Int("steps");

            var raw = new long[targets][];
            for (int t = 0; t < targets; t++) raw[t] = new long[sources];
            foreach (var row in Rows(dir, "weights.csv", "source,target,weight,delay_ms"))
            {
                Assert.Equal(1, row[3]);
                raw[row[1]][row[0]] = row[2];
            }
            var effective = Rows(dir, "weights_effective.csv", "target," + string.Join(",", Enumerable.Range(0, sources).Select(i => $"s{i}")))
                .Select(r => r[1..]).ToArray();

            return new Fixture(sources, targets, steps, Int("du"), Int("dv"), Int("vth"), Ints("bias_mant"), Ints("bias_exp"),
                Ints("u0"), Ints("v0"), Int("weight_exp"), Int("num_weight_bits"),
                c.GetProperty("sign_mode").GetString() switch
                {
                    "mixed" => LoihiSignMode.Mixed,
                    "excitatory" => LoihiSignMode.Excitatory,
                    "inhibitory" => LoihiSignMode.Inhibitory,
                    var other => throw new InvalidDataException($"{name}/case.json: sign_mode {other}"),
                },
                raw, effective,
                PerStep(Rows(dir, "inputs.csv", "time_ms,source"), steps),
                Trace(dir, "a_in.csv", targets, steps), Trace(dir, "u.csv", targets, steps), Trace(dir, "v.csv", targets, steps),
                PerStep(Rows(dir, "spikes.csv", "time_ms,neuron"), steps));
        }

        /// <summary>(time_ms, index) rows grouped by step: entry k holds the indices, ascending, of Lava step k + 1.</summary>
        private static int[][] PerStep(IEnumerable<int[]> rows, int steps)
        {
            var lists = Enumerable.Range(0, steps).Select(_ => new List<int>()).ToArray();
            foreach (var r in rows) lists[r[0] - 1].Add(r[1]);
            return [.. lists.Select(l => l.Order().ToArray())];
        }

        /// <summary>A time_ms,n0..n(k−1) file: one row per step, time_ms = 1, 2, … in order.</summary>
        private static int[][] Trace(string dir, string file, int targets, int steps)
        {
            var rows = Rows(dir, file, "time_ms," + string.Join(",", Enumerable.Range(0, targets).Select(i => $"n{i}"))).ToArray();
            Assert.Equal(steps, rows.Length);
            for (int k = 0; k < steps; k++) Assert.Equal(k + 1, rows[k][0]);
            return [.. rows.Select(r => r[1..])];
        }

        private static IEnumerable<int[]> Rows(string dir, string file, string header)
        {
            var lines = File.ReadAllLines(Path.Combine(dir, file));
            Assert.Equal(header, lines[0]);
            return lines.Skip(1).Where(l => l.Length > 0)
                .Select(l => l.Split(',').Select(x => int.Parse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray());
        }

        /// <summary>The directory of case <paramref name="name"/> in the source tree.</summary>
        public static string Directory(string name) => Path.Combine(Root(), "tests", "NeuroActors.Loihi.Tests", "Fixtures", "lava", name);

        private static string Root()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("NeuroActors.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
