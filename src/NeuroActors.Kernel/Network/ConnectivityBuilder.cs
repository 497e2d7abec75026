using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// Generates a shard's incoming synapses. Every random choice is keyed by global ids: per-target rules draw from the
/// stream of (projection, target gid), fixed out-degree from (projection, source gid), and fixed total number splits
/// its total over the targets by a tree of binomials keyed by tree node (<see cref="TotalNumberSplit"/>); the weight
/// and delay of the k-th synapse of an owner come from their own substream. So the synapses do not depend on the
/// partition, and generating them twice gives the same synapses in the same order: the first pass only counts them
/// (which sources, which receptor; weights and delays are not drawn), the second writes each into its final row.
/// Connections given with their weights and delays (from_file) draw nothing: every shard keeps its targets' entries.
/// </summary>
public static class ConnectivityBuilder
{
    private const int DrawsPerSynapse = 1 << 20;

    /// <summary>The incoming synapses of every projection whose targets lie in shard <paramref name="shard"/>.</summary>
    /// <param name="plan">The partition.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="localStartOf">Local index of the first neuron of population p's slice in this shard.</param>
    /// <param name="localNeurons">Neurons held by the shard.</param>
    /// <param name="include">Which projections (by index) go into this table; null for all. Static and plastic synapses live in tables of their own.</param>
    public static SynapseTable Build(NetworkPlan plan, int shard, Func<int, int> localStartOf, int localNeurons, Func<int, bool>? include = null)
    {
        var table = new SynapseTableBuilder(plan.TotalNeurons, localNeurons);
        // fixed_total_number in-degrees are a tree of binomial draws: computed once, used by both passes.
        var inDegrees = new int[]?[plan.Spec.Projections.Count];
        Generate(plan, shard, localStartOf, table, inDegrees, include);
        table.Allocate();
        int projections = plan.Spec.Projections.Count;
        var runStart = new int[]?[projections];
        var runEnd = new int[]?[projections];
        Generate(plan, shard, localStartOf, table, inDegrees, include, runStart, runEnd, SharingProjections(plan.Spec));
        var built = table.Build();
        built.SetProjectionRuns(runStart, runEnd);
        return built;
    }

    /// <summary>
    /// Projections whose synapses cannot be told apart by their row's source population, their target's population
    /// and their receptor, because another projection has the same three: only these need their runs recorded.
    /// </summary>
    private static bool[] SharingProjections(NetworkSpec spec)
    {
        var triple = spec.Projections.Select(pr => (pr.Source, pr.Target, pr.Synapse.Receptor)).ToArray();
        return triple.Select(t => triple.Count(u => u == t) > 1).ToArray();
    }

    // runStart/runEnd (second pass only): receive the run of each projection marked in recordRuns in every source row,
    // read off the builder's next free places before and after the projection is placed.
    private static void Generate(NetworkPlan plan, int shard, Func<int, int> localStartOf, SynapseTableBuilder table, int[]?[] inDegrees,
        Func<int, bool>? include, int[]?[]? runStart = null, int[]?[]? runEnd = null, bool[]? recordRuns = null)
    {
        var spec = plan.Spec;
        ulong seed = spec.Simulation.Seed;
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            if (include is not null && !include(j)) continue;
            var pr = spec.Projections[j];
            int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
            var (tStart, tCount) = plan.Slice(tp, shard);
            if (tCount == 0) continue;
            var sink = new Sink(plan, pr.Synapse, seed, Streams.Synapse(j), table,
                plan.PopulationOffset(sp), localStartOf(tp) - tStart);
            int nSource = spec.Populations[sp].Size;
            bool recurrent = sp == tp;
            var c = pr.Connector;
            uint connect = Streams.Connect(j);
            int tOffset = plan.PopulationOffset(tp);
            int receptor = pr.Synapse.Receptor == Receptor.Excitatory ? 0 : 1, sOffset = plan.PopulationOffset(sp);
            bool record = recordRuns?[j] == true;
            if (record)
            {
                var starts = runStart![j] = new int[nSource];
                for (int s = 0; s < nSource; s++) starts[s] = table.NextPlace(receptor, sOffset + s);
            }

            switch (c.Kind)
            {
                case ConnectorKind.AllToAll:
                    for (int t = tStart; t < tStart + tCount; t++)
                    {
                        int k = 0;
                        for (int s = 0; s < nSource; s++)
                            if (c.AllowAutapses || !recurrent || s != t) sink.Add(s, t, tOffset + t, k++);
                    }
                    break;
                case ConnectorKind.OneToOne:
                    for (int t = tStart; t < tStart + tCount; t++) sink.Add(t, t, tOffset + t, 0);
                    break;
                case ConnectorKind.FixedProbability:
                    FixedProbability(c, nSource, recurrent, tStart, tCount, tOffset, seed, connect, ref sink);
                    break;
                case ConnectorKind.FixedInDegree:
                    FixedInDegree(c, null, nSource, recurrent, tStart, tCount, tOffset, seed, connect, ref sink);
                    break;
                case ConnectorKind.FixedTotalNumber:
                    // The in-degrees come from a cut-independent split of the total (see TotalNumberSplit); given
                    // them, each target draws its sources exactly as fixed_indegree does.
                    var degrees = inDegrees[j] ??= TotalNumberSplit.InDegrees(seed, Streams.Split(j), spec.Populations[tp].Size, c.TotalNumber, tStart, tCount);
                    FixedInDegree(c, degrees, nSource, recurrent, tStart, tCount, tOffset, seed, connect, ref sink);
                    break;
                case ConnectorKind.FixedOutDegree:
                    FixedOutDegree(c, nSource, spec.Populations[tp].Size, recurrent, tStart, tCount, plan.PopulationOffset(sp), seed, connect, ref sink);
                    break;
                case ConnectorKind.Explicit:
                    var pairs = c.Pairs ?? Array.Empty<(int, int)>();
                    for (int i = 0; i < pairs.Count; i++)
                    {
                        var (s, t) = pairs[i];
                        if (t >= tStart && t < tStart + tCount) sink.Add(s, t, i, 0);
                    }
                    break;
                case ConnectorKind.FromFile:
                    // Every shard scans the list in its order and keeps its own targets, so each row holds a pair's
                    // synapses in list order whatever the cut, as for explicit pairs.
                    var list = c.Connections!;
                    var (sources, targets, weights, delays) = (list.Sources, list.Targets, list.Weights, list.DelaysMs);
                    for (int i = 0; i < sources.Length; i++)
                    {
                        int t = targets[i];
                        if (t >= tStart && t < tStart + tCount)
                            sink.Add(sources[i], t, (float)weights[i], Math.Min(ushort.MaxValue, plan.DelaySteps(delays[i])));
                    }
                    break;
            }
            if (record)
            {
                var ends = runEnd![j] = new int[nSource];
                for (int s = 0; s < nSource; s++) ends[s] = table.NextPlace(receptor, sOffset + s);
            }
        }
    }

    private static void FixedProbability(ConnectorSpec c, int nSource, bool recurrent, int tStart, int tCount, int tOffset,
        ulong seed, uint stream, ref Sink sink)
    {
        double p = c.Probability;
        if (p <= 0) return;
        double logQ = Math.Log(1 - p);
        for (int t = tStart; t < tStart + tCount; t++)
        {
            // Geometric skips between successes of independent Bernoulli trials over the sources.
            var rng = new RandomStream(seed, stream, (uint)(tOffset + t));
            int k = 0;
            long s = -1;
            while (true)
            {
                s += p >= 1 ? 1 : 1 + (long)Math.Floor(Math.Log(rng.NextOpenDouble()) / logQ);
                if (s >= nSource) break;
                if (!c.AllowAutapses && recurrent && s == t) continue;
                sink.Add((int)s, t, tOffset + t, k++);
            }
        }
    }

    // degrees: the in-degree of each target of the slice, or null for ConnectorSpec.Degree each.
    private static void FixedInDegree(ConnectorSpec c, int[]? degrees, int nSource, bool recurrent, int tStart, int tCount, int tOffset,
        ulong seed, uint stream, ref Sink sink)
    {
        var chosen = c.AllowMultapses ? null : new HashSet<int>();
        for (int t = tStart; t < tStart + tCount; t++)
        {
            var rng = new RandomStream(seed, stream, (uint)(tOffset + t));
            chosen?.Clear();
            int degree = degrees?[t - tStart] ?? c.Degree;
            for (int k = 0; k < degree;)
            {
                int s = rng.NextInt(nSource);
                if (!c.AllowAutapses && recurrent && s == t) continue;
                if (chosen is not null && !chosen.Add(s)) continue;
                sink.Add(s, t, tOffset + t, k++);
            }
        }
    }

    private static void FixedOutDegree(ConnectorSpec c, int nSource, int nTarget, bool recurrent, int tStart, int tCount,
        int sOffset, ulong seed, uint stream, ref Sink sink)
    {
        // Every shard replays every source's choices and keeps the targets it holds: nothing is shipped.
        var chosen = c.AllowMultapses ? null : new HashSet<int>();
        for (int s = 0; s < nSource; s++)
        {
            var rng = new RandomStream(seed, stream, (uint)(sOffset + s));
            chosen?.Clear();
            for (int k = 0; k < c.Degree;)
            {
                int t = rng.NextInt(nTarget);
                if (!c.AllowAutapses && recurrent && s == t) continue;
                if (chosen is not null && !chosen.Add(t)) continue;
                if (t >= tStart && t < tStart + tCount) sink.Add(s, t, sOffset + s, k);
                k++;
            }
        }
    }

    /// <summary>Counts a synapse (first pass), or draws its weight and delay from its own substream and places it (second pass).</summary>
    private readonly struct Sink
    {
        private readonly NetworkPlan _plan;
        private readonly SynapseSpec _syn;
        private readonly ulong _seed;
        private readonly uint _stream;
        private readonly SynapseTableBuilder _table;
        private readonly bool _placing;
        private readonly int _receptor, _sourceOffset, _localShift;
        private readonly float _constWeight;
        private readonly int _constDelay;

        public Sink(NetworkPlan plan, SynapseSpec syn, ulong seed, uint stream, SynapseTableBuilder table, int sourceOffset, int localShift)
        {
            _plan = plan; _syn = syn; _seed = seed; _stream = stream; _table = table; _placing = table.Placing;
            _receptor = syn.Receptor == Receptor.Excitatory ? 0 : 1;
            _sourceOffset = sourceOffset; _localShift = localShift;
            _constWeight = (float)syn.Weight.Value;
            _constDelay = plan.DelaySteps(syn.DelayMs.Value);
        }

        /// <param name="s">Source index in its population.</param>
        /// <param name="t">Target index in its population.</param>
        /// <param name="owner">Global id whose stream numbers this synapse.</param>
        /// <param name="k">Synapse number within the owner.</param>
        public void Add(int s, int t, int owner, int k)
        {
            if (!_placing)
            {
                _table.Count(_receptor, _sourceOffset + s);
                return;
            }
            float w = _constWeight;
            int d = _constDelay;
            if (!_syn.Weight.IsConstant || !_syn.DelayMs.IsConstant)
            {
                var rng = new RandomStream(_seed, _stream, (uint)owner, (ulong)k * DrawsPerSynapse);
                if (!_syn.Weight.IsConstant) w = (float)_syn.Weight.Draw(ref rng);
                if (!_syn.DelayMs.IsConstant) d = Math.Min(ushort.MaxValue, _plan.DelaySteps(_syn.DelayMs.Draw(ref rng)));
            }
            _table.Place(_receptor, _sourceOffset + s, _localShift + t, w, d);
        }

        /// <summary>Counts or places a synapse whose weight and delay (in steps) are given, not drawn.</summary>
        public void Add(int s, int t, float weight, int delaySteps)
        {
            if (_placing) _table.Place(_receptor, _sourceOffset + s, _localShift + t, weight, delaySteps);
            else _table.Count(_receptor, _sourceOffset + s);
        }
    }
}
