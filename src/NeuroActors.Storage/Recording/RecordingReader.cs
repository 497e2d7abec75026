using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Storage.Recording;

/// <summary>One state file a reader reads: the neurons it holds (in its row order), its path and its samples.</summary>
internal sealed record SeriesSource(int[] Neurons, string Path, long Samples);

/// <summary>
/// A state recorder's files: what a checkpoint carried (all of its neurons, earlier in time), then one file per shard
/// that reported it.
/// </summary>
internal sealed record RecorderSources(int Recorder, SeriesSource? Carried, IReadOnlyList<SeriesSource> Shards);

/// <summary>
/// A store's recordings opened for reading: spikes in global (step, gid) order by a k-way merge of the shards' files
/// (and of the spikes a checkpoint carried), traces read a block at a time. Memory is a fixed buffer per file plus
/// per-neuron row tables, never the recordings themselves. Spikes of populations without a spike recorder are left
/// out, as the runtime does.
/// </summary>
public sealed class RecordingReader : ISpikeSource, IDisposable
{
    private const int BlockSize = 4096;

    private readonly NetworkSpec _spec;
    private readonly (string Path, long Count)[] _spikeFiles;
    private readonly int[] _offsets;       // gid offset of each model population, plus the total
    private readonly int[] _recordedIndex; // model population → index in Populations, or -1
    private readonly List<SafeFileHandle> _handles = [];

    internal RecordingReader(NetworkSpec spec, (string Path, long Count)[] spikeFiles, IReadOnlyList<RecorderSources> state)
    {
        _spec = spec;
        _spikeFiles = spikeFiles;
        _offsets = new int[spec.Populations.Count + 1];
        for (int p = 0; p < spec.Populations.Count; p++) _offsets[p + 1] = _offsets[p] + spec.Populations[p].Size;
        _recordedIndex = new int[spec.Populations.Count];
        var populations = new List<SpikePopulation>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var pop = spec.Populations[p];
            var recorders = spec.Recorders.Where(r => r.Kind == RecorderKind.Spikes && r.Population == pop.Name).ToList();
            _recordedIndex[p] = recorders.Count == 0 ? -1 : populations.Count;
            if (recorders.Count == 0) continue;
            int recorded = recorders.Any(r => r.Neurons is null) ? pop.Size : recorders.SelectMany(r => r.Neurons!).Distinct().Count();
            populations.Add(new SpikePopulation(pop.Name, pop.Size, recorded));
        }
        Populations = populations;

        var recordersRead = new List<StoredRecorder>();
        var traces = new List<ITraceSource>();
        foreach (var sources in state)
        {
            var rec = spec.Recorders[sources.Recorder];
            var recorder = new StoredRecorder(sources.Recorder, rec.Variables!.Count, sources,
                sources.Carried is { } c ? new SeriesFile(Open(c.Path), c.Neurons.Length * rec.Variables.Count, c.Samples) : null,
                sources.Shards.Select(s => new SeriesFile(Open(s.Path), s.Neurons.Length * rec.Variables.Count, s.Samples)).ToArray());
            recordersRead.Add(recorder);
            var model = spec.Populations[spec.PopulationIndex(rec.Population)].Model;
            for (int v = 0; v < rec.Variables.Count; v++)
                traces.Add(new StoredTrace(rec.Population, rec.Variables[v], model.UnitOf(rec.Variables[v]), spec.Simulation.DtMs, v, recorder));
        }
        Recorders = recordersRead;
        Traces = traces;
    }

    /// <inheritdoc/>
    public IReadOnlyList<SpikePopulation> Populations { get; }

    /// <summary>One trace per state recorder that any shard (or a checkpoint) reported and per variable, in the model's recorder order.</summary>
    public IReadOnlyList<ITraceSource> Traces { get; }

    /// <summary>The state recorders that hold anything, in the model's order.</summary>
    internal IReadOnlyList<StoredRecorder> Recorders { get; }

    /// <summary>Every stored spike, recorded population or not, as packed longs in (step, gid) order.</summary>
    internal SpikeMerge MergeSpikes() =>
        new(_spikeFiles.Where(f => f.Count > 0).Select(f => (Open(f.Path), f.Count)).ToArray(), SpikeMerge.BufferPerFile(_spikeFiles.Length, BlockSize));

    /// <inheritdoc/>
    public void ReadOrdered(SpikeBlockHandler handler)
    {
        var merge = MergeSpikes();
        var block = new long[BlockSize];
        var pops = new int[BlockSize];
        var neurons = new int[BlockSize];
        var times = new double[BlockSize];
        int n = 0;
        double dt = _spec.Simulation.DtMs;
        for (int read; (read = merge.Read(block)) > 0;)
        {
            foreach (long e in block.AsSpan(0, read))
            {
                int gid = SpikeEvent.Gid(e);
                int model = Array.BinarySearch(_offsets, gid);
                if (model < 0) model = ~model - 1;
                else while (_offsets[model + 1] == gid) model++; // skips empty populations sharing the offset
                int recorded = _recordedIndex[model];
                if (recorded < 0) continue;
                pops[n] = recorded;
                neurons[n] = gid - _offsets[model];
                // A spike computed in step t belongs to the interval (t·dt, (t+1)·dt], stamped at its end as in NEST.
                times[n] = (SpikeEvent.Step(e) + 1) * dt;
                if (++n == BlockSize)
                {
                    handler(pops, neurons, times);
                    n = 0;
                }
            }
        }
        if (n > 0) handler(pops.AsSpan(0, n), neurons.AsSpan(0, n), times.AsSpan(0, n));
    }

    /// <summary>Everything recorded, in memory, as the runtime assembles it.</summary>
    public RunResult ToRunResult(RunStats stats)
    {
        var ids = Populations.Select(_ => new List<int>()).ToArray();
        var times = Populations.Select(_ => new List<double>()).ToArray();
        ReadOrdered((p, n, t) =>
        {
            for (int i = 0; i < p.Length; i++)
            {
                ids[p[i]].Add(n[i]);
                times[p[i]].Add(t[i]);
            }
        });
        var spikes = Populations.Select((p, i) => new PopulationSpikes(p.Name, p.Size, p.RecordedNeurons, ids[i].ToArray(), times[i].ToArray())).ToList();
        var traces = Traces.Select(t =>
        {
            var sampleTimes = new double[t.Samples];
            t.ReadTimes(0, sampleTimes);
            var values = new double[t.NeuronIds.Count][];
            for (int r = 0; r < values.Length; r++) t.ReadValues(r, 0, values[r] = new double[t.Samples]);
            return new StateTrace(t.Population, t.Variable, t.Unit, t.NeuronIds.ToArray(), sampleTimes, values);
        }).ToList();
        return new RunResult(_spec, spikes, traces, stats);
    }

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        foreach (var handle in _handles) handle.Dispose();
        _handles.Clear();
    }

    private SafeFileHandle Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        _handles.Add(handle);
        return handle;
    }

    internal static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0) throw new EndOfStreamException("a recording file is shorter than the store recorded");
            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>
    /// One state file, walked chunk by chunk; remembers the chunk it last stood in, so reading a row's samples forward
    /// costs one header read per chunk.
    /// </summary>
    internal sealed class SeriesFile(SafeFileHandle handle, int valuesPerSample, long samples)
    {
        private long _offset = -1, _first, _count;

        public long Samples { get; } = samples;

        /// <summary>Reads steps (<paramref name="row"/> = -1) or value row <paramref name="row"/> (variable × neurons + neuron) from sample <paramref name="first"/>.</summary>
        public void Read(int row, long first, Span<byte> destination, int elementSize)
        {
            while (!destination.IsEmpty)
            {
                Seek(first);
                int take = (int)Math.Min(destination.Length / elementSize, _first + _count - first);
                long at = _offset + sizeof(int) + (row < 0
                    ? (first - _first) * sizeof(long)
                    : _count * sizeof(long) + (row * _count + first - _first) * sizeof(double));
                ReadExactly(handle, destination[..(take * elementSize)], at);
                destination = destination[(take * elementSize)..];
                first += take;
            }
        }

        private void Seek(long sample)
        {
            if (sample >= Samples) throw new ArgumentOutOfRangeException(nameof(sample), sample, $"the series holds {Samples} samples");
            if (_offset < 0 || sample < _first) (_offset, _first, _count) = (0, 0, Header(0));
            while (sample >= _first + _count)
            {
                _offset += StateSeries.ChunkBytes(_count, valuesPerSample);
                _first += _count;
                _count = Header(_offset);
            }
        }

        private int Header(long offset)
        {
            Span<byte> bytes = stackalloc byte[sizeof(int)];
            ReadExactly(handle, bytes, offset);
            return BitConverter.ToInt32(bytes);
        }
    }

    /// <summary>
    /// One state recorder across its files: the samples a checkpoint carried come first, then those of the shards. Rows
    /// are the recorder's neurons in ascending order.
    /// </summary>
    internal sealed class StoredRecorder
    {
        private readonly int _variables;
        private readonly SeriesFile? _carried;
        private readonly SeriesFile[] _files;
        private readonly (int File, int Local)[] _rows;
        private readonly int[] _neuronsPerFile;

        public StoredRecorder(int recorder, int variables, RecorderSources sources, SeriesFile? carried, SeriesFile[] files)
        {
            Recorder = recorder;
            _variables = variables;
            _carried = carried;
            _files = files;
            _neuronsPerFile = sources.Shards.Select(s => s.Neurons.Length).ToArray();
            // Rows by neuron id; a shard's slice is disjoint from the others', so ids are unique.
            var rows = sources.Shards.SelectMany((s, f) => s.Neurons.Select((n, local) => (Neuron: n, File: f, Local: local)))
                .OrderBy(r => r.Neuron).ToArray();
            if (sources.Carried is { } c && rows.Length > 0 && !rows.Select(r => r.Neuron).SequenceEqual(c.Neurons))
                throw new InvalidOperationException($"recorder {recorder}: the shards recorded other neurons than the checkpoint carried");
            Neurons = rows.Length > 0 || sources.Carried is null ? rows.Select(r => r.Neuron).ToArray() : sources.Carried.Neurons;
            _rows = rows.Select(r => (r.File, r.Local)).ToArray();
        }

        /// <summary>Index of the recorder in the model.</summary>
        public int Recorder { get; }

        /// <summary>Recorded neuron indices within the population, ascending (row order).</summary>
        public int[] Neurons { get; }

        /// <summary>Variables per sample and neuron.</summary>
        public int Variables => _variables;

        private long Carried => _carried?.Samples ?? 0;

        // Sample times come from the first shard that reported, as the runtime takes them.
        public long Samples => Carried + (_files.Length > 0 ? _files[0].Samples : 0);

        /// <summary>Fills <paramref name="steps"/> with the steps of samples <paramref name="first"/> onwards.</summary>
        public void ReadSteps(long first, Span<long> steps)
        {
            int early = (int)Math.Clamp(Carried - first, 0, steps.Length);
            if (early > 0) _carried!.Read(-1, first, MemoryMarshal.AsBytes(steps[..early]), sizeof(long));
            if (early < steps.Length) _files[0].Read(-1, first + early - Carried, MemoryMarshal.AsBytes(steps[early..]), sizeof(long));
        }

        /// <summary>Fills <paramref name="values"/> with <paramref name="variable"/> of row <paramref name="row"/> from sample <paramref name="first"/> onwards.</summary>
        public void ReadValues(int variable, int row, long first, Span<double> values)
        {
            int early = (int)Math.Clamp(Carried - first, 0, values.Length);
            if (early > 0) _carried!.Read(variable * Neurons.Length + row, first, MemoryMarshal.AsBytes(values[..early]), sizeof(double));
            if (early == values.Length) return;
            var (file, local) = _rows[row];
            _files[file].Read(variable * _neuronsPerFile[file] + local, first + early - Carried, MemoryMarshal.AsBytes(values[early..]), sizeof(double));
        }

        /// <summary>How many samples were taken before step <paramref name="step"/> (steps ascend, so by bisection).</summary>
        public long SamplesBefore(long step)
        {
            Span<long> one = stackalloc long[1];
            long lo = 0, hi = Samples;
            while (lo < hi)
            {
                long mid = (lo + hi) >>> 1;
                ReadSteps(mid, one);
                if (one[0] < step) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }

    /// <summary>One variable of a state recorder.</summary>
    private sealed class StoredTrace(string population, string variable, string unit, double dtMs, int variableIndex, StoredRecorder recorder) : ITraceSource
    {
        public string Population => population;
        public string Variable => variable;
        public string Unit => unit;
        public IReadOnlyList<int> NeuronIds => recorder.Neurons;
        public long Samples => recorder.Samples;

        public void ReadTimes(long first, Span<double> timesMs)
        {
            var steps = MemoryMarshal.Cast<double, long>(timesMs);
            recorder.ReadSteps(first, steps);
            for (int i = 0; i < steps.Length; i++) timesMs[i] = (steps[i] + 1) * dtMs;
        }

        public void ReadValues(int row, long first, Span<double> values) => recorder.ReadValues(variableIndex, row, first, values);
    }
}
