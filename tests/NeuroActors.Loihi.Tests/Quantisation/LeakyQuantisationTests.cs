using System.Globalization;
using System.Text;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;
using NeuroActors.Model.Files;

namespace NeuroActors.Loihi.Tests.Quantisation;

/// <summary>
/// The training engine's neurons quantised onto Loihi (snn_leaky with reset zero, leaky_readout): the shard's integer
/// state against Loihi's published equations written out here, the parameters chosen, and the float model's spikes.
/// </summary>
public class LeakyQuantisationTests
{
    private const int Inputs = 8, Hidden = 6, Classes = 3, Steps = 60;
    private const double Beta = 0.9, Threshold = 0.8, ReadoutBeta = 0.85;

    /// <summary>
    /// A spike source of 8 units → an snn_leaky layer of 6 (reset zero, the given timing, a bias per neuron, recurrent
    /// weights, start 1) → a leaky_readout of 3 (a bias per neuron, start 2), every weight of both signs from a file,
    /// delays of one step, at dt = 1 ms as an exported network; on backend loihi unless <paramref name="onLoihi"/> is false.
    /// <paramref name="reset"/> is snn_leaky's choice: 0 subtract, 1 zero, 2 none.
    /// </summary>
    internal static NetworkSpec Network(int timing, bool onLoihi = true, int seed = 11, int reset = 1)
    {
        LoihiShard.Register();
        var random = new Random(seed);
        string dir = Path.Combine(Path.GetTempPath(), "neuroactors-loihi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string Weights(string name, int ins, int outs, double scale)
        {
            var csv = new StringBuilder("source,target,weight,delay_ms\n");
            for (int i = 0; i < ins; i++)
                for (int j = 0; j < outs; j++)
                    csv.Append(CultureInfo.InvariantCulture, $"{i},{j},{Math.Round((random.NextDouble() * 2 - 0.6) * scale, 6)},1\n");
            File.WriteAllText(Path.Combine(dir, name + ".csv"), csv.ToString());
            return name + ".csv";
        }
        string List(int n, double scale) => "[" + string.Join(", ", Enumerable.Range(0, n)
            .Select(_ => Math.Round((random.NextDouble() * 2 - 1) * scale, 6).ToString("R", CultureInfo.InvariantCulture))) + "]";
        var times = Enumerable.Range(0, Inputs).Select(u => "[" + string.Join(", ", Enumerable.Range(1, Steps - 3)
            .Where(s => random.NextDouble() < 0.3).Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]");
        string backend = onLoihi ? "\n    backend: loihi" : "";
        string yaml = $"""
            simulation: {"{"}name: leaky, dt: 1, duration: {Steps}, seed: 1{"}"}
            populations:
              - name: in
                size: {Inputs}
                model: spike_source_array
                spike_times: [{string.Join(", ", times)}]
              - name: hid
                size: {Hidden}
                model: snn_leaky{backend}
                parameters: {"{"}beta: {Beta}, threshold: {Threshold}, reset: {reset}, reset_timing: {timing}, bias: {List(Hidden, 0.15)}, start: 1{"}"}
              - name: out
                size: {Classes}
                model: leaky_readout{backend}
                parameters: {"{"}beta: {ReadoutBeta}, bias: {List(Classes, 0.2)}, start: 2{"}"}
            projections:
              - {"{"}name: w1, source: in, target: hid, connector: {"{"}rule: from_file, file: {Weights("w1", Inputs, Hidden, 0.7)}{"}"}{"}"}
              - {"{"}name: rec, source: hid, target: hid, connector: {"{"}rule: from_file, file: {Weights("rec", Hidden, Hidden, 0.3)}{"}"}{"}"}
              - {"{"}name: w2, source: hid, target: out, connector: {"{"}rule: from_file, file: {Weights("w2", Hidden, Classes, 0.5)}{"}"}{"}"}
            recorders:
              - {"{"}type: spikes, population: hid{"}"}
              - {"{"}type: state, population: hid, variables: [v, i_syn]{"}"}
              - {"{"}type: state, population: out, variables: [v]{"}"}
            """;
        string path = Path.Combine(dir, "model.yaml");
        File.WriteAllText(path, yaml);
        return ModelLoader.Load(path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void The_parameters_map_the_float_neuron_onto_the_compartment(int timing)
    {
        var spec = Network(timing);
        var q = LoihiQuantiser.Quantise(spec);
        var hid = q.Population(1)!;
        var output = q.Population(2)!;
        foreach (var p in new[] { hid, output })
        {
            Assert.Equal(4095, p.Du); // the current does not persist: u is the step's input
            Assert.Equal(0, p.InputLag);
            Assert.Equal(0, p.Refractory);
            Assert.Equal(4096 - (int)Math.Round(4096 * (p == hid ? Beta : ReadoutBeta)), p.Dv);
            for (int j = 0; j < p.Size; j++)
            {
                double bias = spec.Populations[p.Index].Param("bias", j) * p.UnitsPerPa;
                Assert.InRange(((long)p.BiasMantissas![j] << p.BiasExponents![j]) - bias, -(1 << p.BiasExponents[j]) / 2.0, (1 << p.BiasExponents[j]) / 2.0);
            }
        }
        // The threshold is exact: U > θ is v > vth · 2^6 with v = k · U.
        Assert.Equal(Threshold * hid.UnitsPerPa, hid.Vth * 64.0, 6);
        Assert.Equal((1, 2), (hid.Hold, output.Hold));
        Assert.Equal(LoihiQuantiser.MaxVth, output.Vth);
        Assert.All(q.Inputs, i => Assert.Equal(LoihiSignMode.Mixed, i.SignMode));
    }

    /// <summary>
    /// The shard's u and v after every step, and its spikes, equal a plain loop over Loihi's fixed-point equations
    /// (shared/reference/loihi.md) and Lava's mixed-sign weight truncation, given the integers the quantisation chose
    /// (at least 2 shards: the input is a spike source on the cpu backend, and a shard runs one backend).
    /// </summary>
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(0, 3)]
    public void The_integer_state_equals_Loihis_equations_step_by_step(int timing, int shards)
    {
        var spec = Network(timing);
        var q = LoihiQuantiser.Quantise(spec);
        var plan = new NetworkPlan(spec, shards);
        var run = LoihiNetworks.Run(spec, shards);
        var (spikes, u, v) = Reference(spec, q);

        var recorded = LoihiNetworks.Spikes(run).Select(e => (SpikeEvent.Step(e), SpikeEvent.Gid(e) - plan.PopulationOffset(1))).ToArray();
        Assert.True(recorded.Length > 20, $"{recorded.Length} spikes");
        Assert.Equal(spikes, recorded);
        var probes = run.SelectMany(k => k.Recordings.Probes).ToList();
        foreach (var (population, variable, expected) in new[] { (1, "v", v[0]), (1, "i_syn", u[0]), (2, "v", v[1]) })
        {
            double k = q.Population(population)!.UnitsPerPa;
            foreach (var probe in probes.Where(p => p.Population == population))
            {
                // The columns of a quantised snn_leaky or leaky_readout: 0 is v, 1 is i_syn.
                int column = Array.IndexOf(probe.Variables, variable == "v" ? 0 : 1);
                if (column < 0) continue;
                for (int n = 0; n < probe.Neurons.Length; n++)
                {
                    var integers = probe.Values[column][n].Select(x => (long)Math.Round(x * k)).ToArray();
                    Assert.Equal(expected.Select(step => step[probe.Neurons[n]]).ToArray(), integers);
                }
            }
        }
        Assert.Contains(v[1], step => step.Any(x => x != 0));
    }

    /// <summary>
    /// Loihi resets in the step it spikes; the engine's zero reset from the previous step (U[t] = β·U[t−1]·(1 − S[t−1]) + I[t])
    /// and from the same step give the same spikes, and the quantised layer gives the float layer's spikes wherever the
    /// float potential stays clear of the threshold by more than the quantisation moves it.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void The_quantised_layer_spikes_when_the_float_layer_does(int timing)
    {
        var loihi = LoihiNetworks.Run(Network(timing), 2);
        var cpuSpec = Network(timing, onLoihi: false);
        var cpu = LoihiNetworks.Run(cpuSpec, 2);
        var u = cpu.SelectMany(k => k.Recordings.Probes).Where(p => p.Population == 1).SelectMany(p => p.Values[0]).SelectMany(x => x);
        Assert.True(u.Min(x => Math.Abs(x - Threshold)) > 0.01, "the float potential comes within 0.01 of the threshold: the premise does not hold");
        Assert.Equal(LoihiNetworks.Spikes(cpu), LoihiNetworks.Spikes(loihi));
        Assert.Equal(LoihiNetworks.Spikes(LoihiNetworks.Run(Network(1 - timing, onLoihi: false), 1)), LoihiNetworks.Spikes(cpu));
    }

    /// <summary>
    /// Loihi's compartment as a plain loop with 64-bit integers, from the quantisation's integers: per step each
    /// population's a_in is the sum over the spikes of the step before (delay 1) of the weights' mantissas after Lava's
    /// mixed-sign clipping and truncation, shifted by the projection's exponent; the input source fires in step s for a
    /// spike time of (s + 1) ms. Returns the hidden spikes (step, neuron) and, per population, u and v after each step.
    /// </summary>
    private static ((long, int)[] Spikes, long[][][] U, long[][][] V) Reference(NetworkSpec spec, QuantisedNetwork q)
    {
        const long M = 1L << 23;
        int[] sizes = [Inputs, Hidden, Classes];
        var pops = new[] { q.Population(1)!, q.Population(2)! };
        // Weight of source i into target j per projection, as Loihi adds it to a_in: Lava's clip to −256..255 and floor
        // of the lowest bit (mixed, 8 bits), then the exponent.
        var projections = spec.Projections.Select((pr, j) =>
        {
            var input = q.Projection(j)!;
            var list = pr.Connector.Connections!;
            var w = new long[sizes[spec.PopulationIndex(pr.Source)], sizes[spec.PopulationIndex(pr.Target)]];
            for (int c = 0; c < list.Count; c++)
            {
                long m = Math.Clamp(input.Mantissa(list.Weights[c]), -256, 255);
                w[list.Sources[c], list.Targets[c]] += (m >> 1 << 1) << input.WeightExp;
            }
            return (Source: spec.PopulationIndex(pr.Source), Target: spec.PopulationIndex(pr.Target), W: w);
        }).ToArray();
        var sourceSteps = spec.Populations[0].SpikeTimes!.Select(t => t.Select(ms => (long)Math.Round(ms) - 1).ToHashSet()).ToArray();
        var u = new long[2][];
        var v = new long[2][];
        var hold = new long[2][];
        var uTrace = new long[2][][];
        var vTrace = new long[2][][];
        for (int p = 0; p < 2; p++)
        {
            u[p] = new long[sizes[p + 1]];
            v[p] = new long[sizes[p + 1]];
            hold[p] = Enumerable.Repeat((long)pops[p].Hold, sizes[p + 1]).ToArray();
            uTrace[p] = new long[Steps][];
            vTrace[p] = new long[Steps][];
        }
        var spiked = new bool[3][];
        for (int p = 0; p < 3; p++) spiked[p] = new bool[sizes[p]];
        var spikes = new List<(long, int)>();
        for (int t = 0; t < Steps; t++)
        {
            var aIn = new long[2][];
            for (int p = 0; p < 2; p++) aIn[p] = new long[sizes[p + 1]];
            foreach (var (source, target, w) in projections)
                for (int i = 0; i < sizes[source]; i++)
                    if (spiked[source][i])
                        for (int j = 0; j < sizes[target]; j++) aIn[target - 1][j] += w[i, j];
            var now = new bool[3][];
            now[0] = Enumerable.Range(0, Inputs).Select(i => sourceSteps[i].Contains(t)).ToArray();
            for (int p = 0; p < 2; p++)
            {
                var c = pops[p];
                now[p + 1] = new bool[sizes[p + 1]];
                for (int j = 0; j < sizes[p + 1]; j++)
                {
                    long x = u[p][j] * (4096 - (c.Du + 1));
                    u[p][j] = (x >= 0 ? x >> 12 : -(-x >> 12)) + (aIn[p][j] << 6);
                    if (u[p][j] > M) u[p][j] -= 2 * M;
                    else if (u[p][j] <= -M) u[p][j] += 2 * M;
                    long y = v[p][j] * (4096 - c.Dv);
                    v[p][j] = Math.Clamp((y >= 0 ? y >> 12 : -(-y >> 12)) + u[p][j] + ((long)c.BiasMantissas![j] << c.BiasExponents![j]), -(M - 1), M - 1);
                    if (hold[p][j] > 0)
                    {
                        v[p][j] = 0;
                        hold[p][j]--;
                    }
                    if (v[p][j] > (long)c.Vth << 6)
                    {
                        v[p][j] = 0;
                        now[p + 1][j] = true;
                        if (p == 0) spikes.Add((t, j));
                    }
                }
                uTrace[p][t] = [.. u[p]];
                vTrace[p][t] = [.. v[p]];
            }
            spiked = now;
        }
        return ([.. spikes], uTrace, vTrace);
    }
}
