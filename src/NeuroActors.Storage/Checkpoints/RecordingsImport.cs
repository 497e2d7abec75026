using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// Copies a checkpoint's recordings into a store, verifying every byte on the way through fixed buffers: a damaged
/// file is refused with one line naming it, and nothing of it is left in the store.
/// </summary>
internal static class RecordingsImport
{
    private const int Block = 1 << 13;

    public static void Import(CheckpointRecordings recordings, RecordingStore store, string checkpointDirectory)
    {
        string dir = Path.Combine(checkpointDirectory, CheckpointRecordings.DirectoryName);
        var copies = new List<string>();
        try
        {
            copies.Add(store.CarriedSpikePath);
            CopySpikes(recordings, store.Spec, Path.Combine(dir, recordings.Spikes.File), store.CarriedSpikePath);
            var series = new List<(int Recorder, int[] Neurons, long Samples, long LastStep)>();
            foreach (var s in recordings.State)
            {
                // FromJson checks these already; a description made in code is held to the same.
                string file = Path.Combine(dir, s.File.File);
                if (s.Recorder < 0 || s.Recorder >= store.Spec.Recorders.Count || store.Spec.Recorders[s.Recorder].Kind != RecorderKind.State)
                    throw new CheckpointException($"{file}: recorder {s.Recorder} is not a state recorder of the model");
                if (!s.Neurons.SequenceEqual(CheckpointRecordings.RecorderNeurons(store.Spec, s.Recorder)))
                    throw new CheckpointException($"{file}: its {s.Neurons.Count} neurons are not those recorder {s.Recorder} records, ascending");
                copies.Add(store.CarriedStatePath(s.Recorder));
                long last = CopySeries(recordings, s, store.Spec.Recorders[s.Recorder], Path.Combine(dir, s.File.File), store.CarriedStatePath(s.Recorder));
                series.Add((s.Recorder, [.. s.Neurons], s.Samples, last));
            }
            if (recordings.Weights is { } weights)
            {
                copies.Add(store.CarriedWeightPath);
                var last = CopyWeights(recordings, weights, store.Spec, Path.Combine(dir, weights.File.File), store.CarriedWeightPath);
                store.Carry(recordings.Step, recordings.SpikeCount, series);
                store.CarryWeights(weights.Count, last);
            }
            else store.Carry(recordings.Step, recordings.SpikeCount, series);
        }
        catch
        {
            foreach (var copy in copies) File.Delete(copy);
            throw;
        }
    }

    private static void CopySpikes(CheckpointRecordings recordings, NetworkSpec spec, string source, string destination)
    {
        var recorded = CheckpointRecordings.RecordedGids(spec);
        long lo = SpikeEvent.Pack(recordings.FromStep, 0), hi = SpikeEvent.Pack(recordings.Step, 0), previous = long.MinValue;
        using var file = new VerifiedCopy(source, recordings.Spikes, destination);
        var buffer = new long[Block];
        for (long index = 0; index < recordings.SpikeCount && !file.Failed;)
        {
            int n = (int)Math.Min(Block, recordings.SpikeCount - index);
            file.Read(MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
            for (int i = 0; i < n && !file.Failed; i++, index++)
            {
                long e = buffer[i];
                int gid = SpikeEvent.Gid(e);
                if (e <= previous) file.Fail($"spike {index} (step {SpikeEvent.Step(e)}, gid {gid}) does not follow the one before it; spikes are in (step, gid) order, each once");
                else if (e < lo || e >= hi)
                    file.Fail($"spike {index} is at step {SpikeEvent.Step(e)}, outside the steps [{recordings.FromStep}, {recordings.Step}) the recordings cover");
                else if ((uint)gid >= (uint)recorded.Length) file.Fail($"spike {index} has gid {gid}, outside the network's [0, {recorded.Length})");
                else if (!recorded[gid]) file.Fail($"spike {index} has gid {gid}, a neuron whose spikes the model does not record");
                previous = e;
            }
        }
        file.Finish();
    }

    /// <summary>Copies the weight records; returns the last one's key.</summary>
    private static (long Step, int Projection, int Source, int Target) CopyWeights(CheckpointRecordings recordings, WeightRecording entry, NetworkSpec spec, string source, string destination)
    {
        // Per projection: recorded or not, and its source and target gid ranges.
        var offsets = new int[spec.Populations.Count + 1];
        for (int p = 0; p < spec.Populations.Count; p++) offsets[p + 1] = offsets[p] + spec.Populations[p].Size;
        var recorded = spec.Projections.Select(pr => spec.Recorders.Any(r => r.Kind == RecorderKind.Weights && r.Projection == pr.Label)).ToArray();
        (int From, int To) Range(string population) => (offsets[spec.PopulationIndex(population)], offsets[spec.PopulationIndex(population) + 1]);
        var sources = spec.Projections.Select(pr => Range(pr.Source)).ToArray();
        var targets = spec.Projections.Select(pr => Range(pr.Target)).ToArray();
        var previous = (Step: long.MinValue, Projection: 0, Source: 0, Target: 0);
        using var file = new VerifiedCopy(source, entry.File, destination);
        var record = new byte[WeightRecordFiles.RecordSize];
        for (long index = 0; index < entry.Count && !file.Failed; index++)
        {
            file.Read(record);
            var (key, weight) = WeightRecordFiles.Decode(record);
            if (key.CompareTo(previous) < 0) file.Fail($"record {index} does not follow the one before it; records are in (step, projection, source, target) order");
            else if (key.Step < recordings.FromStep || key.Step >= entry.UntilStep)
                file.Fail($"record {index} is at step {key.Step}, outside the steps [{recordings.FromStep}, {entry.UntilStep}) the records cover");
            else if (key.Projection < 0 || key.Projection >= recorded.Length || !recorded[key.Projection])
                file.Fail($"record {index} names projection {key.Projection}, which no weight recorder of the model records");
            else if (key.Source < sources[key.Projection].From || key.Source >= sources[key.Projection].To
                     || key.Target < targets[key.Projection].From || key.Target >= targets[key.Projection].To)
                file.Fail($"record {index} joins gids {key.Source} and {key.Target}, not a source and a target of projection {key.Projection}");
            else if (!float.IsFinite(weight)) file.Fail($"record {index} has weight {weight}, not a finite number");
            previous = key;
        }
        file.Finish();
        return previous;
    }

    /// <summary>Copies one series; returns the step of its last sample.</summary>
    private static long CopySeries(CheckpointRecordings recordings, StateRecording entry, RecorderSpec recorder, string source, string destination)
    {
        int valuesPerSample = recorder.Variables!.Count * entry.Neurons.Count;
        long previous = long.MinValue, samples = 0;
        using var file = new VerifiedCopy(source, entry.File, destination);
        var steps = new long[Block];
        var values = new byte[Block * sizeof(double)];
        Span<byte> header = stackalloc byte[sizeof(int)];
        while (file.Position < entry.File.Length && !file.Failed)
        {
            long at = file.Position;
            file.Read(header);
            int k = BitConverter.ToInt32(header);
            if (k < 1)
            {
                file.Fail($"the chunk at byte {at} holds {k} samples");
                break;
            }
            if (at + StateSeries.ChunkBytes(k, valuesPerSample) > entry.File.Length)
            {
                file.Fail($"the chunk at byte {at} of {k} samples runs past the end of the file");
                break;
            }
            if (samples + k > entry.Samples)
            {
                file.Fail($"holds more than the {entry.Samples} samples the manifest lists");
                break;
            }
            for (int done = 0; done < k && !file.Failed;)
            {
                int n = Math.Min(Block, k - done);
                file.Read(MemoryMarshal.AsBytes(steps.AsSpan(0, n)));
                for (int i = 0; i < n && !file.Failed; i++)
                {
                    long step = steps[i];
                    if (step <= previous) file.Fail($"sample {samples + done + i} at step {step} does not follow the one before it");
                    else if (step < recordings.FromStep || step >= recordings.Step)
                        file.Fail($"sample {samples + done + i} is at step {step}, outside the steps [{recordings.FromStep}, {recordings.Step}) the recordings cover");
                    else if ((step + 1) % recorder.IntervalSteps != 0)
                        file.Fail($"sample {samples + done + i} is at step {step}, off the recorder's interval of {recorder.IntervalSteps} steps");
                    previous = step;
                }
                done += n;
            }
            for (long left = (long)k * valuesPerSample * sizeof(double); left > 0 && !file.Failed;)
            {
                int n = (int)Math.Min(values.Length, left);
                file.Read(values.AsSpan(0, n));
                left -= n;
            }
            samples += k;
        }
        if (!file.Failed && samples != entry.Samples) file.Fail($"holds {samples} samples; the manifest says {entry.Samples}");
        file.Finish();
        return previous;
    }

    /// <summary>
    /// A checkpoint file read front to back and copied, its SHA-256 taken as it goes. The first structural fault is
    /// kept rather than thrown at once, so that a damaged file is reported as such (checksum mismatch) before any fault
    /// its damage caused.
    /// </summary>
    private sealed class VerifiedCopy : IDisposable
    {
        private readonly string _source;
        private readonly RecordingFile _entry;
        private readonly FileStream _input, _output;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private string? _fault;

        public VerifiedCopy(string source, RecordingFile entry, string destination)
        {
            _source = source;
            _entry = entry;
            if (!File.Exists(source)) throw new CheckpointException($"{source}: missing (the manifest lists it)");
            _input = Guard(() => new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
            long length = _input.Length;
            if (length != entry.Length)
            {
                _input.Dispose();
                throw new CheckpointException($"{source}: {length} bytes, the manifest says {entry.Length} ({(length < entry.Length ? "truncated" : "trailing bytes")})");
            }
            try { _output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16); }
            catch
            {
                _input.Dispose();
                throw;
            }
        }

        public long Position => _input.Position;

        public bool Failed => _fault is not null;

        public void Read(Span<byte> destination)
        {
            try { _input.ReadExactly(destination); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointException($"{_source}: cannot read ({ex.Message})", ex);
            }
            _hash.AppendData(destination);
            _output.Write(destination);
        }

        public void Fail(string fault) => _fault ??= fault;

        /// <summary>Reads whatever is left (after a fault), then refuses a checksum mismatch, else the fault.</summary>
        public void Finish()
        {
            var rest = new byte[1 << 16];
            for (int n; (n = Guard(() => _input.Read(rest))) > 0;) _hash.AppendData(rest.AsSpan(0, n));
            if (Convert.ToHexStringLower(_hash.GetHashAndReset()) != _entry.Sha256)
                throw new CheckpointException($"{_source}: checksum mismatch (the file was changed or damaged)");
            if (_fault is not null) throw new CheckpointException($"{_source}: {_fault}");
        }

        private T Guard<T>(Func<T> io)
        {
            try { return io(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointException($"{_source}: cannot read ({ex.Message})", ex);
            }
        }

        public void Dispose()
        {
            _input.Dispose();
            _output.Dispose();
            _hash.Dispose();
        }
    }
}
