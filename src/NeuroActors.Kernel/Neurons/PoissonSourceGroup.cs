using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Spike source whose neurons fire as independent Poisson processes, at most once per step with probability
/// rate·dt (Brian2's PoissonGroup). The draw for (neuron, step) is a counter-based function of the seed, the
/// population and the neuron's global id, so it is the same in any partition.
/// </summary>
public sealed class PoissonSourceGroup : NeuronGroup, INeuronModelGroup
{
    private static readonly string[] Names = Array.Empty<string>();
    private static readonly string[] ParameterNames = { "rate" };
    private readonly double[] _probability;
    private ulong _seed; // the trial's key (Streams.TrialSeed)
    private readonly uint _stream;
    private readonly int _firstGid;

    /// <summary>Creates the group; <paramref name="ratesHz"/> holds one rate per neuron of this slice.</summary>
    public PoissonSourceGroup(int count, double dtMs, ReadOnlySpan<double> ratesHz, ulong seed, int population, int firstGid)
        : base(count, dtMs)
    {
        _probability = new double[count];
        for (int i = 0; i < count; i++) _probability[i] = ratesHz[i] * dtMs / 1000.0;
        _seed = seed;
        _stream = Streams.Source(population);
        _firstGid = firstGid;
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.PoissonSource;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new PoissonSourceGroup(slice.Count, slice.DtMs, Rates(slice), slice.Spec.Simulation.Seed, slice.Population, slice.FirstGid);

    /// <summary>The slice's rates: the population's per-neuron <c>rates</c>, or its <c>rate</c> for every neuron.</summary>
    private static double[] Rates(GroupSlice slice)
    {
        var rates = new double[slice.Count];
        for (int i = 0; i < slice.Count; i++) rates[i] = slice.Pop.Rates is { } r ? r[slice.Start + i] : slice.Param("rate");
        return rates;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => ParameterNames;

    /// <summary>The rate of neuron <paramref name="i"/> of this slice in Hz.</summary>
    public double RateHz(int i) => _probability[i] * 1000.0 / DtMs;

    /// <summary>Sets one rate (Hz) per neuron of this slice; the caller validates them.</summary>
    public void SetRates(ReadOnlySpan<double> ratesHz)
    {
        if (ratesHz.Length != Count) throw new ArgumentException($"give one rate per neuron of the slice ({Count}), not {ratesHz.Length}", nameof(ratesHz));
        for (int i = 0; i < Count; i++) _probability[i] = ratesHz[i] * DtMs / 1000.0;
    }

    /// <inheritdoc/>
    protected override double? ParameterValue(string name) =>
        // One value stands for the group only when every neuron has it.
        name == "rate" && Count > 0 && _probability.All(p => p == _probability[0]) ? RateHz(0) : null;

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, double value)
    {
        if (name != "rate") return false;
        Array.Fill(_probability, value * DtMs / 1000.0);
        return true;
    }

    internal override void UseRandomKey(ulong key) => _seed = key;

    /// <inheritdoc/>
    public override double[] Variable(int index) => throw new ArgumentOutOfRangeException(nameof(index), "spike sources have no state variables");

    /// <inheritdoc/>
    public override int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        // Sources take no input; clearing it keeps the update's contract that the ring slot comes back empty.
        excitatory.Clear();
        inhibitory.Clear();
        int n = 0;
        for (int i = 0; i < _probability.Length; i++)
            if (Philox.Uniform32(_seed, _stream, (uint)(_firstGid + i), (ulong)step) < _probability[i])
                spiked[n++] = i;
        return n;
    }
}
