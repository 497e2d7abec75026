using System.Runtime.InteropServices;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Storage.Recording;

/// <summary>
/// Recordings of a run kept on disk while it goes: the coordinator appends each shard's spikes and state samples
/// in chunks, shards interleaving in any order, and the store keeps at most <see cref="BufferLimit"/> elements
/// (spikes, sample steps and values) in memory, writing the rest to one append file per shard (spikes) and per
/// recorder and shard (state) in a private directory deleted on disposal. Results are produced from the files by
/// a k-way merge (<see cref="OpenReader"/>, <see cref="WriteResults"/>), in memory that does not grow with the
/// run's length. A store of a resumed run can also hold what its checkpoint carried of the run before it (read-only
/// files imported by <see cref="Checkpoints.CheckpointRecordings.ImportInto"/>): the carried spikes are merged with the
/// shards', and each recorder's carried samples come before the shards' in time. Not thread-safe: one owner (the
/// coordinator) calls it.
/// </summary>
public sealed class RecordingStore : IDisposable
{
    /// <summary>Default for <see cref="BufferLimit"/>: 64 Ki elements, half a megabyte.</summary>
    public const int DefaultBufferLimit = 1 << 16;

    /// <summary>
    /// A chunk of at least this many elements (32 KiB) goes straight to its file: one write of it costs no more than
    /// copying it, and copying it would take memory (a large array each time) for nothing.
    /// </summary>
    public const int DirectWriteElements = 1 << 12;

    /// <summary>How the store's directories begin (then the process id and a guid; see <c>ProcessDirectories</c>).</summary>
    public const string DirectoryPrefix = "neuroactors-recording-";

    private const string SpikePrefix = "spikes-", StatePrefix = "state-", CarriedPrefix = "carried-", WeightPrefix = "weights-";

    private readonly NetworkSpec _spec;
    private readonly long[]?[] _spikeBuffer;
    private readonly int[] _spikeBuffered;
    private readonly long[] _spikesOnDisk, _lastSpike;
    private readonly StateSeries?[,] _state; // [recorder, shard]
    private readonly WeightRecordFiles _weights;
    private int _buffered;
    private bool _disposed;
    // What a checkpoint carried: spikes before _carriedUntil, and per recorder its samples before it.
    private long? _carriedUntil;
    private long _carriedSpikes;
    private StateSeries?[] _carriedState;

    /// <summary>Creates an empty store for a run of <paramref name="spec"/> over <paramref name="shards"/> shards.</summary>
    /// <param name="spec">The model: populations give the global ids, recorders the traces.</param>
    /// <param name="shards">Number of shards that append.</param>
    /// <param name="parentDirectory">Where the store's own directory is created.</param>
    /// <param name="bufferLimit">Elements held in memory before they are written to the files.</param>
    public RecordingStore(NetworkSpec spec, int shards, string parentDirectory, int bufferLimit = DefaultBufferLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferLimit, 1);
        _spec = spec;
        Shards = shards;
        BufferLimit = bufferLimit;
        _spikeBuffer = new long[]?[shards];
        _spikeBuffered = new int[shards];
        _spikesOnDisk = new long[shards];
        _lastSpike = new long[shards];
        Array.Fill(_lastSpike, long.MinValue);
        _state = new StateSeries?[spec.Recorders.Count, shards];
        _carriedState = new StateSeries?[spec.Recorders.Count];
        // Named after this process, so that the next store can remove the directories of runs that were killed.
        string parent = Path.GetFullPath(parentDirectory);
        Results.ProcessDirectories.RemoveAbandoned(parent, DirectoryPrefix);
        Directory = Path.Combine(parent, Results.ProcessDirectories.Name(DirectoryPrefix));
        System.IO.Directory.CreateDirectory(Directory);
        _weights = new WeightRecordFiles(shards, s => Path.Combine(Directory, s < shards ? $"{WeightPrefix}{s}.bin" : $"{CarriedPrefix}weights.bin"));
    }

    /// <summary>The store's own directory, deleted with everything in it on <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    /// <summary>The model recorded.</summary>
    public NetworkSpec Spec => _spec;

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>At most this many elements (spikes, sample steps, sample values) are held in memory at any time.</summary>
    public int BufferLimit { get; }

    /// <summary>Chunks this long or longer are written, not held.</summary>
    private int DirectWrite => Math.Min(BufferLimit, DirectWriteElements);

    /// <summary>Elements held in memory now, not yet in the files.</summary>
    public int BufferedElements => _buffered;

    /// <summary>The most elements ever held in memory at once.</summary>
    public int PeakBufferedElements { get; private set; }

    /// <summary>
    /// The step up to which the store holds recordings a checkpoint carried (the checkpoint's step, or less once
    /// truncated), or null when it holds none; the shards' recordings follow from there.
    /// </summary>
    public long? CarriedUntilStep => _carriedUntil;

    /// <summary>Spikes the store holds from a checkpoint (not counted by <see cref="SpikeCount"/>).</summary>
    public long CarriedSpikeCount => _carriedSpikes;

    /// <summary>Where the carried spikes are copied to.</summary>
    internal string CarriedSpikePath => Path.Combine(Directory, $"{CarriedPrefix}spikes.bin");

    /// <summary>Where the carried samples of recorder <paramref name="recorder"/> are copied to.</summary>
    internal string CarriedStatePath(int recorder) => Path.Combine(Directory, $"{CarriedPrefix}state-{recorder}.bin");

    /// <summary>
    /// Adopts the carried files already copied to <see cref="CarriedSpikePath"/> and <see cref="CarriedStatePath"/>:
    /// <paramref name="spikes"/> spikes and the given series, all before <paramref name="untilStep"/>. Only an empty
    /// store can take them, since whatever the shards send must come after.
    /// </summary>
    internal void Carry(long untilStep, long spikes, IReadOnlyList<(int Recorder, int[] Neurons, long Samples, long LastStep)> series)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_carriedUntil is not null || _spikesOnDisk.Any(n => n > 0) || _spikeBuffered.Any(n => n > 0) || _state.Cast<StateSeries?>().Any(x => x is not null))
            throw new InvalidOperationException("recordings can be carried into an empty store only");
        _carriedUntil = untilStep;
        _carriedSpikes = spikes;
        foreach (var (recorder, neurons, samples, lastStep) in series)
            _carriedState[recorder] = new StateSeries(CarriedStatePath(recorder), neurons, _spec.Recorders[recorder].Variables!.Count, samples, lastStep);
    }

    /// <summary>
    /// Appends spikes of <paramref name="shard"/>, packed as <see cref="SpikeEvent.Pack"/>; every chunk of a shard
    /// continues its (step, gid) order.
    /// </summary>
    /// <exception cref="ArgumentException">The spikes are out of order for the shard.</exception>
    public void AppendSpikes(int shard, ReadOnlySpan<long> spikes)
    {
        CheckShard(shard);
        long last = Math.Max(_lastSpike[shard], _carriedUntil is { } until ? SpikeEvent.Pack(until, 0) - 1 : long.MinValue);
        foreach (long e in spikes)
        {
            if (e <= last)
                throw new ArgumentException($"shard {shard}: spikes must continue in (step, gid) order" +
                    (_carriedUntil is { } u && SpikeEvent.Step(e) < u ? $", after the recordings carried up to step {u}" : ""), nameof(spikes));
            last = e;
        }
        if (spikes.IsEmpty) return;
        _lastSpike[shard] = last;
        if (spikes.Length >= DirectWrite)
        {
            FlushSpikes(shard);
            AppendToFile(SpikePath(shard), MemoryMarshal.AsBytes(spikes));
            _spikesOnDisk[shard] += spikes.Length;
            return;
        }
        MakeRoom(spikes.Length);
        var buffer = _spikeBuffer[shard];
        int used = _spikeBuffered[shard];
        if (buffer is null || buffer.Length < used + spikes.Length)
        {
            Array.Resize(ref buffer, Math.Min(BufferLimit, Math.Max(used + spikes.Length, Math.Max(256, 2 * (buffer?.Length ?? 0)))));
            _spikeBuffer[shard] = buffer;
        }
        spikes.CopyTo(buffer.AsSpan(used));
        _spikeBuffered[shard] = used + spikes.Length;
        Buffered(spikes.Length);
    }

    /// <summary>Appends the samples state recorder <paramref name="recorder"/> (index in the model's recorders) took in <paramref name="shard"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The recorder is not a state recorder, the chunk's shape does not match its variables and neurons, its neurons
    /// differ from the shard's earlier chunks, or its steps do not follow theirs.
    /// </exception>
    public void AppendState(int recorder, int shard, StateChunk chunk)
    {
        CheckShard(shard);
        if (recorder < 0 || recorder >= _spec.Recorders.Count || _spec.Recorders[recorder].Kind != RecorderKind.State)
            throw new ArgumentException($"recorder {recorder} is not a state recorder of the model", nameof(recorder));
        int variables = _spec.Recorders[recorder].Variables?.Count ?? 0;
        if (chunk.Values.Length != variables || chunk.Values.Any(v => v.Length != chunk.Neurons.Length || v.Any(s => s.Length != chunk.Steps.Length)))
            throw new ArgumentException($"recorder {recorder}, shard {shard}: values must be [{variables} variables][{chunk.Neurons.Length} neurons][{chunk.Steps.Length} samples]", nameof(chunk));
        var series = _state[recorder, shard] ??= new StateSeries(StatePath(recorder, shard), chunk.Neurons.ToArray(), variables);
        if (!series.Neurons.AsSpan().SequenceEqual(chunk.Neurons))
            throw new ArgumentException($"recorder {recorder}, shard {shard}: the neurons differ from the shard's earlier chunks", nameof(chunk));
        long last = Math.Max(series.LastStep, _carriedState[recorder]?.LastStep ?? long.MinValue);
        foreach (long step in chunk.Steps)
        {
            if (step <= last) throw new ArgumentException($"recorder {recorder}, shard {shard}: sample steps must be ascending, after any carried samples", nameof(chunk));
            last = step;
        }
        if (chunk.Steps.Length == 0) return;
        series.LastStep = last;
        int elements = chunk.Steps.Length * (1 + variables * chunk.Neurons.Length);
        if (elements >= DirectWrite)
        {
            series.Flush();
            series.Write(chunk.Steps, chunk.Values, BufferLimit);
            return;
        }
        MakeRoom(elements);
        series.Pending.Add((chunk.Steps.ToArray(), chunk.Values.Select(v => v.Select(s => s.ToArray()).ToArray()).ToArray()));
        series.PendingSamples += chunk.Steps.Length;
        Buffered(elements);
    }

    /// <summary>Spikes appended for <paramref name="shard"/> so far.</summary>
    public long SpikeCount(int shard)
    {
        CheckShard(shard);
        return _spikesOnDisk[shard] + _spikeBuffered[shard];
    }

    /// <summary>
    /// Samples recorder <paramref name="recorder"/> holds: those a checkpoint carried, plus those every shard that
    /// reported it holds (0 when none has).
    /// </summary>
    public long SampleCount(int recorder)
    {
        long? min = null;
        for (int s = 0; s < Shards; s++)
            if (_state[recorder, s] is { } series) min = Math.Min(min ?? long.MaxValue, series.Samples);
        return (_carriedState[recorder]?.Samples ?? 0) + (min ?? 0);
    }

    /// <summary>Spikes per shard and samples per recorder so far.</summary>
    public RecordingPositions Positions() => new(
        Enumerable.Range(0, Shards).Select(SpikeCount).ToArray(),
        Enumerable.Range(0, _spec.Recorders.Count).Select(SampleCount).ToArray());

    /// <summary>Writes everything held in memory to the files.</summary>
    public void Flush()
    {
        for (int s = 0; s < Shards; s++) FlushSpikes(s);
        foreach (var series in _state)
            if (series is not null) _buffered -= series.Flush();
        ReleaseBuffers();
    }

    /// <summary>Weight records held (weight recorders), over all shards.</summary>
    public long WeightRecordCount => _weights.Count;

    /// <summary>
    /// Appends weight records of <paramref name="shard"/> (columns of equal length: presynaptic step, projection, source
    /// gid, target gid, weight), which continue its (step, projection, source, target) order. They go straight to the
    /// shard's file: nothing is held in memory.
    /// </summary>
    /// <exception cref="ArgumentException">Columns of different lengths, or records out of order for the shard.</exception>
    public void AppendWeights(int shard, long[] steps, int[] projections, int[] sources, int[] targets, float[] weights)
    {
        CheckShard(shard);
        _weights.Append(shard, steps, projections, sources, targets, weights);
    }

    /// <summary>Every weight record held, carried ones included, in (step, projection, source gid, target gid) order.</summary>
    internal IEnumerable<((long Step, int Projection, int Source, int Target) Key, float Weight)> MergeWeights()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _weights.Merge();
    }

    /// <summary>Where weight records a checkpoint carried are copied to before <see cref="CarryWeights"/>.</summary>
    internal string CarriedWeightPath => _weights.CarriedPath;

    /// <summary>Adopts the <paramref name="count"/> carried weight records copied to <see cref="CarriedWeightPath"/>; the last is <paramref name="last"/>.</summary>
    internal void CarryWeights(long count, (long Step, int Projection, int Source, int Target) last)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_weights.Count > 0) throw new InvalidOperationException("weight records can be carried into an empty store only");
        _weights.Carry(count, last);
    }

    /// <summary>
    /// Drops the weight records of presynaptic spikes at <paramref name="step"/> or later: on a restore, the step of the
    /// earliest spike the snapshot had not delivered (or its own step), since the restore delivers those again.
    /// </summary>
    public void TruncateWeightsTo(long step)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _weights.TruncateTo(step);
    }

    /// <summary>
    /// Drops every spike and sample at step <paramref name="step"/> or later, as if they had never been appended:
    /// what a session does when it restores a snapshot taken before that step.
    /// </summary>
    public void TruncateTo(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Flush();
        for (int s = 0; s < Shards; s++) (_spikesOnDisk[s], _lastSpike[s]) = CutSpikeFile(SpikePath(s), _spikesOnDisk[s], step);
        foreach (var series in _state) series?.TruncateTo(step);
        // A step inside what a checkpoint carried (a snapshot taken before it) cuts the carried recordings too.
        if (_carriedUntil is not { } until || step >= until) return;
        (_carriedSpikes, _) = CutSpikeFile(CarriedSpikePath, _carriedSpikes, step);
        foreach (var series in _carriedState) series?.TruncateTo(step);
        _carriedUntil = step;
    }

    /// <summary>Cuts a sorted spike file of <paramref name="count"/> spikes before <paramref name="step"/>; returns what is left and its last spike.</summary>
    private static (long Count, long Last) CutSpikeFile(string path, long count, long step)
    {
        if (count == 0) return (0, long.MinValue);
        long cut = SpikeEvent.Pack(step, 0);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        // The file is sorted, so the first spike at or after the cut is found by bisection.
        long lo = 0, hi = count;
        while (lo < hi)
        {
            long mid = (lo + hi) >>> 1;
            if (ReadLong(handle, mid * 8) < cut) lo = mid + 1;
            else hi = mid;
        }
        RandomAccess.SetLength(handle, lo * 8);
        return (lo, lo == 0 ? long.MinValue : ReadLong(handle, (lo - 1) * 8));
    }

    /// <summary>Drops every recording, those a checkpoint carried included.</summary>
    public void Clear()
    {
        _carriedUntil = null;
        _carriedSpikes = 0;
        Array.Clear(_carriedState);
        Array.Clear(_spikeBuffered);
        Array.Clear(_spikesOnDisk);
        Array.Fill(_lastSpike, long.MinValue);
        Array.Clear(_state);
        _weights.Clear();
        _buffered = 0;
        ReleaseBuffers();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory)) File.Delete(file);
    }

    /// <summary>
    /// Flushes and opens the recordings for reading; the store must not be appended to, truncated or cleared
    /// while the reader is open.
    /// </summary>
    public RecordingReader OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Flush();
        var spikeFiles = new List<(string Path, long Count)>();
        for (int s = 0; s < Shards; s++) spikeFiles.Add((SpikePath(s), _spikesOnDisk[s]));
        if (_carriedSpikes > 0) spikeFiles.Add((CarriedSpikePath, _carriedSpikes));
        var state = new List<RecorderSources>();
        for (int r = 0; r < _spec.Recorders.Count; r++)
        {
            var shards = new List<SeriesSource>();
            for (int s = 0; s < Shards; s++)
                if (_state[r, s] is { } series) shards.Add(new SeriesSource(series.Neurons, series.Path, series.Samples));
            var carried = _carriedState[r] is { Samples: > 0 } c ? new SeriesSource(c.Neurons, c.Path, c.Samples) : null;
            if (shards.Count > 0 || carried is not null) state.Add(new RecorderSources(r, carried, shards));
        }
        return new RecordingReader(_spec, [.. spikeFiles], state);
    }

    /// <summary>Everything recorded, in memory: for small runs and for a session's Collect.</summary>
    public RunResult ToRunResult(RunStats stats)
    {
        using var reader = OpenReader();
        return reader.ToRunResult(stats);
    }

    /// <summary>
    /// Writes the results directory of the run from the files, as <see cref="ResultsWriter.Write(RunResult, string, SpikeFormat, bool)"/>
    /// would from <see cref="ToRunResult"/>, in memory bounded by the number of neurons and shards.
    /// </summary>
    /// <returns>The names of the files written.</returns>
    /// <exception cref="ResultsException">The directory cannot be created or written.</exception>
    public IReadOnlyList<string> WriteResults(RunStats stats, string outDir, SpikeFormat format, bool plots = true)
    {
        using var reader = OpenReader();
        Func<string, IEnumerable<string>>? weights = _spec.Recorders.Any(r => r.Kind == RecorderKind.Weights)
            ? dir =>
            {
                _weights.WriteCsv(_spec, dir);
                return [WeightRecordsCsv.FileName];
            }
            : null;
        return ResultsWriter.Write(_spec, stats, reader, reader.Traces, outDir, format, plots, weights);
    }

    /// <summary>Deletes the store's directory and everything in it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (DirectoryNotFoundException) { /* already gone: nothing to clean */ }
    }

    private string SpikePath(int shard) => Path.Combine(Directory, $"{SpikePrefix}{shard}.bin");

    private string StatePath(int recorder, int shard) => Path.Combine(Directory, $"{StatePrefix}{recorder}-{shard}.bin");

    private void CheckShard(int shard)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (shard < 0 || shard >= Shards) throw new ArgumentOutOfRangeException(nameof(shard), shard, $"shards are 0..{Shards - 1}");
    }

    /// <summary>Writes everything out when <paramref name="elements"/> more would pass the limit.</summary>
    private void MakeRoom(int elements)
    {
        if (_buffered + elements > BufferLimit) Flush();
    }

    private void Buffered(int elements)
    {
        _buffered += elements;
        PeakBufferedElements = Math.Max(PeakBufferedElements, _buffered);
    }

    private void FlushSpikes(int shard)
    {
        int n = _spikeBuffered[shard];
        if (n == 0) return;
        AppendToFile(SpikePath(shard), MemoryMarshal.AsBytes(_spikeBuffer[shard].AsSpan(0, n)));
        _spikesOnDisk[shard] += n;
        _spikeBuffered[shard] = 0;
        _buffered -= n;
    }

    /// <summary>
    /// Lets go of buffers larger than a shard's fair share, so that many shards' buffers together stay near the limit
    /// rather than each growing to it.
    /// </summary>
    private void ReleaseBuffers()
    {
        int share = Math.Max(256, BufferLimit / Shards);
        for (int s = 0; s < Shards; s++)
            if (_spikeBuffer[s] is { } b && b.Length > share) _spikeBuffer[s] = null;
    }

    internal static void AppendToFile(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(bytes);
    }

    private static long ReadLong(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset)
    {
        Span<long> value = stackalloc long[1];
        RecordingReader.ReadExactly(handle, MemoryMarshal.AsBytes(value), offset);
        return value[0];
    }
}
