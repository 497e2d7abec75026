using NeuroActors.Kernel.Network;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Loihi;

/// <summary>
/// A Loihi shard's incoming synapses as integer rows per presynaptic gid (CSR): per synapse the local target, the
/// delay in steps (1..62), the input group it adds to and the value a spike adds (the mantissa, shifted already when
/// the projection's exponent is 0 or more; see <see cref="LoihiSynapseFormat.Stored"/>).
/// </summary>
/// <remarks>
/// The synapses are those the CPU kernel generates (<see cref="ConnectivityBuilder"/>, keyed by gid), projection by
/// projection; a real weight becomes an integer by the model's rule (<see cref="Mantissas.Round"/>: nearest, halves away
/// from zero) before Lava's clipping and truncation. The sign mode of a projection is detected from all of its weights, whichever shard holds them
/// (<see cref="SignModeOf"/>), so the mantissas never depend on the cut.
/// </remarks>
internal sealed class LoihiSynapses
{
    /// <summary>Builds the rows of shard <paramref name="shard"/>, whose populations start at local index <paramref name="localStartOf"/>.</summary>
    /// <param name="plan">The partition.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="localStartOf">Local index of the first neuron of population p's slice in this shard.</param>
    /// <param name="localNeurons">Neurons held by the shard.</param>
    /// <param name="groupOf">The input group of projection j's synapses (0, or the group of its own when its exponent is negative).</param>
    /// <param name="quantised">
    /// The quantisation of the model's float populations on Loihi, or null when it has none: a projection into such a
    /// population takes its mantissas from its <see cref="QuantisedInput"/> (weights in the model's unit) and arrives
    /// <see cref="QuantisedPopulation.InputLag"/> steps later (one for iaf_psc_exp, none for the training engine's neurons).
    /// </param>
    /// <exception cref="ArgumentException">A delay outside 1..62 steps, or a weight that is not finite; the message names the projection.</exception>
    public LoihiSynapses(NetworkPlan plan, int shard, Func<int, int> localStartOf, int localNeurons, Func<int, int> groupOf,
        QuantisedNetwork? quantised = null)
    {
        var spec = plan.Spec;
        var tables = new List<(int Projection, SynapseTable Table, LoihiSynapseFormat Format)>();
        var rowCount = new int[plan.TotalNeurons + 1];
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            int tp = spec.PopulationIndex(spec.Projections[j].Target);
            if (plan.Slice(tp, shard).Count == 0) continue;
            int projection = j;
            var table = ConnectivityBuilder.Build(plan, shard, localStartOf, localNeurons, k => k == projection);
            if (table.Count == 0) continue;
            tables.Add((j, table, FormatOf(plan, j, quantised)));
            for (int gid = 0; gid < plan.TotalNeurons; gid++) rowCount[gid] += table.RowStart[gid + 1] - table.RowStart[gid];
        }
        RowStart = new int[plan.TotalNeurons + 1];
        for (int gid = 0; gid < plan.TotalNeurons; gid++) RowStart[gid + 1] = RowStart[gid] + rowCount[gid];
        int count = RowStart[^1];
        Target = new int[count];
        Delay = new byte[count];
        Group = new ushort[count];
        Value = new int[count];
        var next = RowStart[..^1].ToArray();
        foreach (var (j, table, format) in tables)
        {
            var pr = spec.Projections[j];
            string what = $"projections[{j}] ({pr.Source} → {pr.Target})";
            int group = groupOf(j);
            var input = quantised?.Projection(j);
            int lag = input is null ? 0 : quantised!.Population(input.Target)!.InputLag;
            for (int gid = 0; gid < plan.TotalNeurons; gid++)
                for (int i = table.RowStart[gid]; i < table.RowStart[gid + 1]; i++)
                {
                    uint packed = table.Packed[i];
                    int delay = table.Delay(packed) + lag;
                    if (lag > 0 && delay > LoihiInputRing.MaxDelay)
                        throw new ArgumentOutOfRangeException(nameof(plan), $"{what}: delay of {delay - lag} steps into a quantised population, which Loihi delivers {lag} step later ({delay} steps); its delays are 1..{LoihiInputRing.MaxDelay - lag} steps");
                    LoihiInputRing.CheckDelay(delay, what);
                    float weight = table.Weight[i];
                    if (!float.IsFinite(weight)) throw new ArgumentException($"{what}: weight {weight}; a Loihi weight is a finite number");
                    int k = next[gid]++;
                    Target[k] = table.Target(packed);
                    Delay[k] = (byte)delay;
                    Group[k] = (ushort)group;
                    Value[k] = format.Stored(format.Mantissa(input is null ? Mantissas.Round(weight) : input.Mantissa(weight)));
                }
        }
        Formats = tables.ToDictionary(t => t.Projection, t => t.Format);
    }

    /// <summary>Row of presynaptic gid g: [RowStart[g], RowStart[g + 1]).</summary>
    public int[] RowStart { get; }

    /// <summary>Local target index per synapse.</summary>
    public int[] Target { get; }

    /// <summary>Delay in steps per synapse.</summary>
    public byte[] Delay { get; }

    /// <summary>Input group per synapse.</summary>
    public ushort[] Group { get; }

    /// <summary>What one spike adds to the target's group, per synapse.</summary>
    public int[] Value { get; }

    /// <summary>Synapses held.</summary>
    public int Count => Target.Length;

    /// <summary>Bytes of the rows: row starts, and 4 + 1 + 2 + 4 bytes per synapse.</summary>
    public long Bytes => (long)RowStart.Length * sizeof(int) + (long)Count * (sizeof(int) + sizeof(byte) + sizeof(ushort) + sizeof(int));

    /// <summary>The format of each projection with synapses here, by projection index.</summary>
    public IReadOnlyDictionary<int, LoihiSynapseFormat> Formats { get; }

    /// <summary>
    /// The weight format of projection <paramref name="projection"/>: its sign mode, num_weight_bits and weight_exp. A
    /// projection into a quantised population has the format its quantisation chose: the sign of its receptor for
    /// iaf_psc_exp (its float weights match it), Lava's mode detected from the mantissas for the training engine's
    /// neurons, and the exponent chosen or given.
    /// </summary>
    public static LoihiSynapseFormat FormatOf(NetworkPlan plan, int projection, QuantisedNetwork? quantised = null)
    {
        if (quantised?.Projection(projection) is { } input)
            return input.Format;
        var synapse = plan.Spec.Projections[projection].Synapse;
        return new LoihiSynapseFormat(SignModeOf(plan, projection), synapse.NumWeightBits ?? 8, synapse.WeightExp ?? 0);
    }

    /// <summary>
    /// Lava's sign mode of projection <paramref name="projection"/> over all of its weights. When the weight rule
    /// decides it (a constant, or a distribution whose draws cannot be below 0), nothing is generated; otherwise the
    /// whole projection's weights are generated, slice by slice of the target population, and their extremes taken:
    /// the same in every shard and under every cut.
    /// </summary>
    public static LoihiSignMode SignModeOf(NetworkPlan plan, int projection)
    {
        var spec = plan.Spec;
        var pr = spec.Projections[projection];
        var weight = pr.Synapse.Weight;
        if (pr.Connector.Kind != ConnectorKind.FromFile)
        {
            if (weight.IsConstant) return LoihiSynapseFormat.DetectSignMode([Mantissas.Round(weight.Value)]);
            if (weight.Minimum >= 0) return LoihiSignMode.Excitatory;
        }
        int tp = spec.PopulationIndex(pr.Target);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int k = 0; k < plan.Shards; k++)
        {
            int count = plan.Slice(tp, k).Count;
            if (count == 0) continue;
            var table = ConnectivityBuilder.Build(plan, k, _ => 0, count, j => j == projection);
            foreach (float w in table.Weight)
            {
                min = Math.Min(min, w);
                max = Math.Max(max, w);
            }
        }
        // Rounding is monotonic, so the extremes of the integer weights are the rounded extremes.
        return double.IsPositiveInfinity(min) ? LoihiSignMode.Excitatory : LoihiSynapseFormat.DetectSignMode([Mantissas.Round(min), Mantissas.Round(max)]);
    }
}
