using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Every neuron model's one update at every width this machine runs (scalar, AVX, AVX-512), side by side on the same
/// state and input for thousands of steps with spikes and refractory periods: every width must give the scalar
/// path's spikes, state and counters bit for bit after every step, for group sizes that leave each loop and tail
/// work. (The scalar path itself is checked against the reference loops of the *VectorTests.)
/// </summary>
public class NeuronWidthTests
{
    private const int Steps = 3000;

    /// <summary>The paths this machine runs, scalar first.</summary>
    private static SimdPath[] Paths()
    {
        var paths = new List<SimdPath> { SimdPath.Scalar };
        if (Avx.IsSupported) paths.Add(SimdPath.Vector256);
        if (Avx512F.IsSupported) paths.Add(SimdPath.Vector512);
        return paths.ToArray();
    }

    /// <summary>Input per model: the range of the injected current and of the excitatory and inhibitory input per step.</summary>
    private sealed record Drive(string Model, double Current, double Excitatory, double Inhibitory, double VLow, double VHigh,
        double EEx = 0, bool Spikes = true);

    private static readonly Drive[] Drives =
    {
        new("iaf_psc_delta", Current: 1000, Excitatory: 2, Inhibitory: -2, VLow: -72, VHigh: -54),
        new("iaf_psc_exp", Current: 1000, Excitatory: 300, Inhibitory: -300, VLow: -72, VHigh: -54),
        new("iaf_cond_exp", Current: 2000, Excitatory: 5, Inhibitory: 2, VLow: -72, VHigh: -54), // E_ex = +0: specialised
        new("iaf_cond_exp", Current: 2000, Excitatory: 5, Inhibitory: 2, VLow: -72, VHigh: -54, EEx: 5),
        new("izhikevich", Current: 20, Excitatory: 3, Inhibitory: -3, VLow: -70, VHigh: 35),
        // Added last, so that the rows above keep their random input (seeded by the row's index).
        new("iaf_psc_alpha", Current: 1000, Excitatory: 300, Inhibitory: -300, VLow: -72, VHigh: -54),
        // Unitless; the models take no current. Their parameters are per neuron and drawn in Build.
        new("snn_leaky", Current: 0, Excitatory: 1.5, Inhibitory: -1, VLow: -0.5, VHigh: 1.5),
        new("leaky_readout", Current: 0, Excitatory: 1.5, Inhibitory: -1, VLow: -0.5, VHigh: 1.5, Spikes: false),
    };

    public static TheoryData<int, int> DrivesAndCounts()
    {
        var data = new TheoryData<int, int>();
        for (int d = 0; d < Drives.Length; d++)
            foreach (int count in new[] { 1, 7, 37, 1003 })
                data.Add(d, count);
        return data;
    }

    [Fact]
    public void EveryModelUpdateIsWrittenOverLanes()
    {
        foreach (var info in NeuronModels.Catalogue.Where(m => !m.IsSource && m.NativeBackend is null))
            Assert.IsAssignableFrom<VectorNeuronGroup>(Build(info.YamlName, 1, 0));
        Assert.Equal(NeuronModels.Catalogue.Count(m => !m.IsSource && m.NativeBackend is null), Drives.Select(d => d.Model).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DrivesAndCounts))]
    public void EveryWidthGivesTheScalarPathsResultsBitForBit(int drive, int count)
    {
        var d = Drives[drive];
        var paths = Paths();
        var groups = paths.Select(_ => Build(d.Model, count, d.EEx)).ToArray();
        var random = new System.Random(count * 7 + drive);
        var reference = groups[0];
        var v = reference.Variable(reference.VariableIndex("v"));
        for (int i = 0; i < count; i++)
        {
            v[i] = d.VLow + (d.VHigh - d.VLow) * random.NextDouble();
            for (int k = 1; k < reference.Variables.Count; k++)
                reference.Variable(k)[i] = Math.Abs(d.Excitatory) * 4 * random.NextDouble();
            if (reference.Counters is { } r && random.Next(4) == 0) r[i] = random.Next(1, 21);
        }
        var row = new double[reference.StateWidth];
        for (int i = 0; i < count; i++)
        {
            reference.SaveNeuron(i, row);
            foreach (var g in groups.Skip(1)) g.LoadNeuron(i, row);
        }

        var excitatory = new double[count];
        var inhibitory = new double[count];
        var current = new double[count];
        var ex = paths.Select(_ => new double[count]).ToArray();
        var inh = paths.Select(_ => new double[count]).ToArray();
        var spiked = paths.Select(_ => new int[count]).ToArray();
        long spikes = 0, refractory = 0;
        for (int step = 0; step < Steps; step++)
        {
            for (int i = 0; i < count; i++)
            {
                excitatory[i] = random.Next(4) == 0 ? d.Excitatory * random.NextDouble() : 0;
                inhibitory[i] = random.Next(8) == 0 ? d.Inhibitory * random.NextDouble() : 0;
                current[i] = random.Next(2) == 0 ? d.Current * random.NextDouble() : 0;
            }
            refractory += reference.Counters?.Count(c => c > 0) ?? 0;
            var n = new int[paths.Length];
            for (int p = 0; p < paths.Length; p++)
            {
                excitatory.CopyTo(ex[p], 0);
                inhibitory.CopyTo(inh[p], 0);
                ((VectorNeuronGroup)groups[p]).Step = step;
                n[p] = ((VectorNeuronGroup)groups[p]).Update(ex[p], inh[p], current, spiked[p], paths[p]);
                NeuronVectorTests.AssertConsumed(ex[p], inh[p]);
            }
            for (int p = 1; p < paths.Length; p++)
            {
                if (!spiked[0].AsSpan(0, n[0]).SequenceEqual(spiked[p].AsSpan(0, n[p])))
                    Assert.Fail($"{paths[p]}: other spikes than the scalar path in step {step}");
                for (int k = 0; k < reference.Variables.Count; k++)
                    for (int i = 0; i < count; i++)
                        if (BitConverter.DoubleToInt64Bits(reference.Variable(k)[i]) != BitConverter.DoubleToInt64Bits(groups[p].Variable(k)[i]))
                            Assert.Fail($"{paths[p]}: {reference.Variables[k]}[{i}] = {groups[p].Variable(k)[i]}, scalar {reference.Variable(k)[i]}, step {step}");
                if (reference.Counters is { } counters) Assert.Equal(counters, groups[p].Counters);
            }
            spikes += n[0];
        }
        // The comparison means something only if neurons spiked and (for the LIF models) sat out refractory periods often.
        if (d.Spikes) Assert.True(spikes >= 5 * count, $"only {spikes} spikes");
        else Assert.Equal(0, spikes);
        if (reference.Counters is not null) Assert.True(refractory >= 50 * count, $"only {refractory} refractory neuron-steps");
    }

    private static NeuronGroup Build(string model, int count, double eEx)
    {
        Assert.True(NeuronModels.TryParse(model, out var m));
        var parameters = model == "iaf_cond_exp" ? new Dictionary<string, double> { ["e_ex"] = eEx } : new Dictionary<string, double>();
        var b = new NetworkBuilder("widths", dtMs: 0.1).Population("p", count, m, parameters);
        if (m.PerNeuronParameters)
        {
            // Every neuron its own mix of reset modes, timings, decays and adaptation, so that every lane's masks differ.
            var random = new System.Random(count);
            double[] Draw(Func<double> f) => Enumerable.Range(0, count).Select(_ => f()).ToArray();
            foreach (var p in m.Parameters)
            {
                double[] values = p.Name switch
                {
                    "beta" => Draw(() => 0.7 + 0.3 * random.NextDouble()),
                    "alpha" or "adapt_rho" => Draw(() => random.Next(3) == 0 ? 0 : random.NextDouble()),
                    "threshold" => Draw(() => 0.5 + random.NextDouble()),
                    "bias" => Draw(() => 0.2 * random.NextDouble() - 0.05),
                    "adapt_strength" => Draw(() => random.Next(2) * 0.3 * random.NextDouble()),
                    "start" => Draw(() => random.Next(3) == 0 ? 50 : 0),
                    _ => Draw(() => random.Next((int)p.Max + 1)),
                };
                b.PerNeuron("p", p.Name, values);
            }
        }
        var spec = b.Build();
        return NeuronGroupFactory.Create(spec, 0, 0, count, 0);
    }
}
