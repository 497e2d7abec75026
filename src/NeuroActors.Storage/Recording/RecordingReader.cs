using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Storage.Recording;

/// <summary>
/// A store's recordings opened for reading: spikes in global (step, gid) order by a k-way merge of the shards'
/// files, traces read a block at a time. Memory is a fixed buffer per shard plus per-neuron row tables, never the
/// recordings themselves. Spikes of populations without a spike recorder are left out, as the runtime does.
/// </summary>
public sealed class RecordingReader : ISpikeSource, IDisposable
{
    private const int BlockSize = 4096;

    private readonly NetworkSpec _spec;
    private readonly (string Path, long Count)[] _spikeFiles;
    private readonly int[] _offsets;       // gid offset of each model population, plus the total
    private readonly int[] _recordedIndex; // model population → index in Populations, or -1
    private readonly List<SafeFileHandle> _handles = [];

    internal RecordingReader(NetworkSpec spec, (string Path, long Count)[] spikeFiles,
        List<(int Recorder, List<(int Shard, int[] Neurons, string Path, long Samples)> Shards)> state)
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

        var traces = new List<ITraceSource>();
        foreach (var (recorder, shards) in state)
        {
            var rec = spec.Recorders[recorder];
            var files = shards.Select(s => new SeriesFile(Open(s.Path), s.Neurons.Length * rec.Variables!.Count, s.Samples)).ToArray();
            // Rows by neuron id; a shard's slice is disjoint from the others', so ids are unique.
            var rows = shards.SelectMany((s, f) => s.Neurons.Select((n, local) => (Neuron: n, File: f, Local: local)))
                .OrderBy(r => r.Neuron).ToArray();
            var model = spec.Populations[spec.PopulationIndex(rec.Population)].Model;
            for (int v = 0; v < rec.Variables!.Count; v++)
                traces.Add(new StoredTrace(rec.Population, rec.Variables[v], model.UnitOf(rec.Variables[v]),
                    spec.Simulation.DtMs, v, rows, files, shards.Select(s => s.Neurons.Length).ToArray()));
        }
        Traces = traces;
    }

    /// <inheritdoc/>
    public IReadOnlyList<SpikePopulation> Populations { get; }

    /// <summary>One trace per state recorder that any shard reported and per variable, in the model's recorder order.</summary>
    public IReadOnlyList<ITraceSource> Traces { get; }

    /// <inheritdoc/>
    public void ReadOrdered(SpikeBlockHandler handler)
    {
        int shards = _spikeFiles.Length;
        int perShard = Math.Clamp((1 << 16) / shards, 256, BlockSize);
        var cursors = new SpikeCursor?[shards];
        var queue = new PriorityQueue<int, long>(shards);
        for (int s = 0; s < shards; s++)
        {
            if (_spikeFiles[s].Count == 0) continue;
            var cursor = cursors[s] = new SpikeCursor(Open(_spikeFiles[s].Path), _spikeFiles[s].Count, perShard);
            queue.Enqueue(s, cursor.Current);
        }
        var pops = new int[BlockSize];
        var neurons = new int[BlockSize];
        var times = new double[BlockSize];
        int n = 0;
        double dt = _spec.Simulation.DtMs;
        while (queue.TryDequeue(out int s, out long e))
        {
            var cursor = cursors[s]!;
            if (cursor.MoveNext()) queue.Enqueue(s, cursor.Current);
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

    /// <summary>Walks one shard's spike file through a fixed buffer.</summary>
    private sealed class SpikeCursor
    {
        private readonly SafeFileHandle _handle;
        private readonly long _count;
        private readonly long[] _buffer;
        private long _start; // index in the file of _buffer[0]
        private int _length, _at;

        public SpikeCursor(SafeFileHandle handle, long count, int buffer)
        {
            _handle = handle;
            _count = count;
            _buffer = new long[buffer];
            Fill();
        }

        public long Current => _buffer[_at];

        public bool MoveNext()
        {
            if (++_at < _length) return true;
            _start += _length;
            if (_start >= _count) return false;
            Fill();
            return true;
        }

        private void Fill()
        {
            _length = (int)Math.Min(_buffer.Length, _count - _start);
            _at = 0;
            ReadExactly(_handle, MemoryMarshal.AsBytes(_buffer.AsSpan(0, _length)), _start * sizeof(long));
        }
    }

    /// <summary>
    /// One (recorder, shard) state file, walked chunk by chunk; remembers the chunk it last stood in, so reading a
    /// row's samples forward costs one header read per chunk.
    /// </summary>
    private sealed class SeriesFile(SafeFileHandle handle, int valuesPerSample, long samples)
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

    /// <summary>One variable of a state recorder across the shards that hold it.</summary>
    private sealed class StoredTrace(string population, string variable, string unit, double dtMs, int variableIndex,
        (int Neuron, int File, int Local)[] rows, SeriesFile[] files, int[] neuronsPerFile) : ITraceSource
    {
        public string Population => population;
        public string Variable => variable;
        public string Unit => unit;
        public IReadOnlyList<int> NeuronIds { get; } = rows.Select(r => r.Neuron).ToArray();
        // Sample times come from the first shard that reported, as the runtime takes them.
        public long Samples => files[0].Samples;

        public void ReadTimes(long first, Span<double> timesMs)
        {
            var steps = MemoryMarshal.Cast<double, long>(timesMs);
            files[0].Read(-1, first, MemoryMarshal.AsBytes(steps), sizeof(long));
            for (int i = 0; i < steps.Length; i++) timesMs[i] = (steps[i] + 1) * dtMs;
        }

        public void ReadValues(int row, long first, Span<double> values)
        {
            var (_, file, local) = rows[row];
            files[file].Read(variableIndex * neuronsPerFile[file] + local, first, MemoryMarshal.AsBytes(values), sizeof(double));
        }
    }
}
