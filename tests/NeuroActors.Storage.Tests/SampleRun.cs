using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Tests;

/// <summary>
/// Generated recordings of a run over several shards, each holding a contiguous slice of every population, in the
/// shapes shards report them: packed spikes in (step, gid) order, and state samples per recorder.
/// </summary>
internal sealed class SampleRun
{
    public const double DtMs = 0.1;

    private SampleRun(NetworkSpec spec, int shards, long steps, long[][] spikes, StateChunk[,] state)
    {
        Spec = spec;
        Shards = shards;
        Spikes = spikes;
        State = state;
        Stats = new RunStats(shards, Synapses: 100, SynapseBytes: 800, Spikes: spikes.Sum(s => s.Length), SynapticEvents: 1000,
            BuildSeconds: 0.25, SimulationSeconds: 1.5, BiologicalMs: steps * DtMs, PeakMemoryBytes: 1L << 26);
    }

    public NetworkSpec Spec { get; }
    public int Shards { get; }
    public long[][] Spikes { get; }
    /// <summary>[recorder, shard]; null for spike recorders.</summary>
    public StateChunk[,] State { get; }
    public RunStats Stats { get; }

    public static NetworkSpec MakeSpec() => new NetworkBuilder("stored", dtMs: DtMs, durationMs: 400, seed: 7)
        .Population("exc", 40, NeuronModel.IafPscExp)
        .Population("hidden", 6, NeuronModel.IafPscDelta)
        .Population("inh", 10, NeuronModel.IafPscDelta)
        .Population("part", 12, NeuronModel.IafPscDelta)
        .RecordSpikes("exc").RecordSpikes("inh").RecordSpikes("part", [1, 3, 5, 7])
        .RecordState("exc", ["v", "i_syn_ex"], [0, 5, 17, 30, 39], intervalSteps: 3)
        .RecordState("inh", ["v"])
        .Build();

    public static SampleRun Make(int shards, long steps, int seed)
    {
        var spec = MakeSpec();
        var random = new Random(seed);
        var offsets = new int[spec.Populations.Count];
        for (int p = 1; p < offsets.Length; p++) offsets[p] = offsets[p - 1] + spec.Populations[p - 1].Size;
        var recordedGids = new List<int>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var rec = spec.Recorders.FirstOrDefault(r => r.Kind == RecorderKind.Spikes && r.Population == spec.Populations[p].Name);
            // 'hidden' has no recorder, yet shards may report its spikes: the results must leave them out.
            var ids = rec?.Neurons ?? Enumerable.Range(0, spec.Populations[p].Size).ToList();
            recordedGids.AddRange(ids.Select(i => offsets[p] + i));
        }
        var spikes = new long[shards][];
        for (int s = 0; s < shards; s++)
        {
            var owned = recordedGids.Where(g => ShardOf(spec, offsets, g, shards) == s).Order().ToArray();
            var list = new List<long>();
            for (long t = 0; t < steps; t++)
                foreach (int g in owned)
                    if (random.NextDouble() < 0.01 + 0.02 * (g % 3)) list.Add(SpikeEvent.Pack(t, g));
            spikes[s] = [.. list];
        }

        var state = new StateChunk[spec.Recorders.Count, shards];
        for (int r = 0; r < spec.Recorders.Count; r++)
        {
            var rec = spec.Recorders[r];
            if (rec.Kind != RecorderKind.State) continue;
            int p = spec.PopulationIndex(rec.Population);
            var sampleSteps = Enumerable.Range(0, (int)(steps / rec.IntervalSteps)).Select(k => (long)k * rec.IntervalSteps + rec.IntervalSteps - 1).ToArray();
            for (int s = 0; s < shards; s++)
            {
                var neurons = (rec.Neurons ?? Enumerable.Range(0, spec.Populations[p].Size).ToList())
                    .Where(n => ShardOf(spec, offsets, offsets[p] + n, shards) == s).ToArray();
                var values = rec.Variables!.Select(_ => neurons.Select(_ => sampleSteps.Select(_ => Value(random)).ToArray()).ToArray()).ToArray();
                state[r, s] = new StateChunk(neurons, sampleSteps, values);
            }
        }
        return new SampleRun(spec, shards, steps, spikes, state);
    }

    /// <summary>The recordings up to (not including) <paramref name="step"/>.</summary>
    public SampleRun Before(long step) => Where(t => t < step);

    /// <summary>The recordings from <paramref name="step"/> on.</summary>
    public SampleRun From(long step) => Where(t => t >= step);

    /// <summary>The same recordings as another number of shards would report them.</summary>
    public SampleRun WithShards(int shards)
    {
        var offsets = new int[Spec.Populations.Count];
        for (int p = 1; p < offsets.Length; p++) offsets[p] = offsets[p - 1] + Spec.Populations[p - 1].Size;
        var all = Spikes.SelectMany(s => s).ToArray();
        var spikes = Enumerable.Range(0, shards)
            .Select(s => all.Where(e => ShardOf(Spec, offsets, SpikeEvent.Gid(e), shards) == s).Order().ToArray()).ToArray();
        var state = new StateChunk[Spec.Recorders.Count, shards];
        for (int r = 0; r < Spec.Recorders.Count; r++)
        {
            if (State[r, 0] is null) continue;
            var rec = Spec.Recorders[r];
            int p = Spec.PopulationIndex(rec.Population);
            var rows = new Dictionary<int, double[][]>();
            for (int s = 0; s < Shards; s++)
                for (int i = 0; i < State[r, s].Neurons.Length; i++)
                    rows[State[r, s].Neurons[i]] = State[r, s].Values.Select(v => v[i]).ToArray();
            for (int s = 0; s < shards; s++)
            {
                var neurons = (rec.Neurons ?? Enumerable.Range(0, Spec.Populations[p].Size).ToList())
                    .Where(n => ShardOf(Spec, offsets, offsets[p] + n, shards) == s).ToArray();
                state[r, s] = new StateChunk(neurons, State[r, 0].Steps,
                    rec.Variables!.Select((_, v) => neurons.Select(n => rows[n][v]).ToArray()).ToArray());
            }
        }
        return new SampleRun(Spec, shards, (long)Math.Round(Stats.BiologicalMs / DtMs), spikes, state);
    }

    /// <summary>A new store fed every recording, shards and recorders interleaved in random chunks.</summary>
    public RecordingStore Feed(string root, Random random, int bufferLimit)
    {
        var store = new RecordingStore(Spec, Shards, root, bufferLimit);
        // Every shard reports each state recorder once at the start, as a shard does when the run begins.
        for (int r = 0; r < Spec.Recorders.Count; r++)
            for (int s = 0; s < Shards; s++)
                if (State[r, s] is { } c) store.AppendState(r, s, new StateChunk(c.Neurons, [], c.Values.Select(v => v.Select(_ => Array.Empty<double>()).ToArray()).ToArray()));
        FeedInto(store, random);
        return store;
    }

    /// <summary>Appends every recording to <paramref name="store"/> in random chunks and a random interleaving.</summary>
    public void FeedInto(RecordingStore store, Random random)
    {
        var streams = new List<(int Recorder, int Shard)>();
        for (int s = 0; s < Shards; s++) streams.Add((-1, s));
        for (int r = 0; r < Spec.Recorders.Count; r++)
            for (int s = 0; s < Shards; s++)
                if (State[r, s] is not null) streams.Add((r, s));
        var at = new int[streams.Count];
        while (true)
        {
            var open = Enumerable.Range(0, streams.Count).Where(i => at[i] < Length(streams[i])).ToList();
            if (open.Count == 0) break;
            int i = open[random.Next(open.Count)];
            var (r, s) = streams[i];
            int n = Math.Min(random.Next(0, r < 0 ? 700 : 60), Length(streams[i]) - at[i]);
            if (r < 0) store.AppendSpikes(s, Spikes[s].AsSpan(at[i], n));
            else
            {
                var c = State[r, s];
                int from = at[i];
                store.AppendState(r, s, new StateChunk(c.Neurons, c.Steps[from..(from + n)],
                    c.Values.Select(v => v.Select(samples => samples[from..(from + n)]).ToArray()).ToArray()));
            }
            at[i] += n;
        }
    }

    /// <summary>What the runtime assembles from the same recordings, computed here without the store.</summary>
    public RunResult ExpectedResult()
    {
        var all = Spikes.SelectMany(s => s).Order().ToArray();
        var spikes = new List<PopulationSpikes>();
        int offset = 0;
        foreach (var pop in Spec.Populations)
        {
            var rec = Spec.Recorders.FirstOrDefault(r => r.Kind == RecorderKind.Spikes && r.Population == pop.Name);
            if (rec is not null)
            {
                var mine = all.Where(e => SpikeEvent.Gid(e) >= offset && SpikeEvent.Gid(e) < offset + pop.Size).ToArray();
                spikes.Add(new PopulationSpikes(pop.Name, pop.Size, rec.Neurons?.Count ?? pop.Size,
                    mine.Select(e => SpikeEvent.Gid(e) - offset).ToArray(), mine.Select(e => (SpikeEvent.Step(e) + 1) * DtMs).ToArray()));
            }
            offset += pop.Size;
        }
        var traces = new List<StateTrace>();
        for (int r = 0; r < Spec.Recorders.Count; r++)
        {
            var rec = Spec.Recorders[r];
            if (rec.Kind != RecorderKind.State) continue;
            var chunks = Enumerable.Range(0, Shards).Select(s => State[r, s]).ToList();
            var times = chunks[0].Steps.Select(t => (t + 1) * DtMs).ToArray();
            for (int v = 0; v < rec.Variables!.Count; v++)
            {
                var rows = chunks.SelectMany(c => c.Neurons.Select((n, i) => (n, c.Values[v][i]))).OrderBy(x => x.n).ToArray();
                traces.Add(new StateTrace(rec.Population, rec.Variables[v], rec.Variables[v] == "v" ? "mV" : "pA",
                    rows.Select(x => x.n).ToArray(), times, rows.Select(x => x.Item2).ToArray()));
            }
        }
        return new RunResult(Spec, spikes, traces, Stats);
    }

    private int Length((int Recorder, int Shard) stream) =>
        stream.Recorder < 0 ? Spikes[stream.Shard].Length : State[stream.Recorder, stream.Shard].Steps.Length;

    private SampleRun Where(Func<long, bool> keep)
    {
        var spikes = Spikes.Select(s => s.Where(e => keep(SpikeEvent.Step(e))).ToArray()).ToArray();
        var state = (StateChunk[,])State.Clone();
        for (int r = 0; r < state.GetLength(0); r++)
            for (int s = 0; s < state.GetLength(1); s++)
                if (state[r, s] is { } c)
                {
                    var idx = Enumerable.Range(0, c.Steps.Length).Where(k => keep(c.Steps[k])).ToArray();
                    state[r, s] = new StateChunk(c.Neurons, idx.Select(k => c.Steps[k]).ToArray(),
                        c.Values.Select(v => v.Select(samples => idx.Select(k => samples[k]).ToArray()).ToArray()).ToArray());
                }
        return new SampleRun(Spec, Shards, (long)Math.Round(Stats.BiologicalMs / DtMs), spikes, state);
    }

    private static int ShardOf(NetworkSpec spec, int[] offsets, int gid, int shards)
    {
        int p = Array.FindLastIndex(offsets, o => o <= gid);
        while (p + 1 < offsets.Length && offsets[p + 1] <= gid) p++;
        int size = spec.Populations[p].Size, index = gid - offsets[p];
        for (int s = 0; s < shards; s++)
            if (index < (long)size * (s + 1) / shards) return s;
        return shards - 1;
    }

    /// <summary>Mostly ordinary values, with some that test bit-exact round trips.</summary>
    private static double Value(Random random) => random.Next(50) switch
    {
        0 => -0.0,
        1 => double.Epsilon,
        2 => 1.0 / 3,
        _ => -70 + 30 * random.NextDouble(),
    };
}
