using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NeuroActors.Kernel.Shard;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// Writes a store's recordings before a step as a checkpoint's recordings: the spikes of recorded neurons through the
/// store's k-way merge, and each state recorder's samples gathered from its shards' files into one series, both
/// through fixed buffers.
/// </summary>
internal static class RecordingsExport
{
    private const int Block = 4096;

    public static CheckpointRecordings Write(RecordingStore store, string checkpointDirectory, long fromStep, long step, RecordingTotals totals, long weightsUntil)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromStep);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromStep, step);
        // The directory holds an incomplete checkpoint from here until the new manifest is committed.
        File.Delete(Path.Combine(checkpointDirectory, CheckpointManifest.FileName));
        CheckpointRecordings.Delete(checkpointDirectory);
        string dir = Path.Combine(checkpointDirectory, CheckpointRecordings.DirectoryName);
        System.IO.Directory.CreateDirectory(dir);
        using var reader = store.OpenReader();
        var (spikes, count) = WriteSpikes(reader, CheckpointRecordings.RecordedGids(store.Spec), Path.Combine(dir, CheckpointRecordings.SpikeFileName), step);
        var state = new List<StateRecording>();
        foreach (var recorder in reader.Recorders)
        {
            long samples = recorder.SamplesBefore(step);
            if (samples == 0) continue;
            string name = CheckpointRecordings.StateFileName(recorder.Recorder);
            state.Add(new StateRecording(recorder.Recorder, recorder.Neurons, samples, WriteSeries(recorder, samples, store.BufferLimit, Path.Combine(dir, name))));
        }
        WeightRecording? weights = null;
        if (store.Spec.Recorders.Any(r => r.Kind == Model.RecorderKind.Weights))
        {
            long until = Math.Clamp(weightsUntil, fromStep, step), records = 0;
            using var file = new HashedFile(Path.Combine(dir, CheckpointRecordings.WeightFileName));
            var block = new byte[Block * WeightRecordFiles.RecordSize];
            int n = 0;
            foreach (var (key, weight) in store.MergeWeights())
            {
                if (key.Step >= until) break;
                WeightRecordFiles.Encode(block.AsSpan(n++ * WeightRecordFiles.RecordSize, WeightRecordFiles.RecordSize), key, weight);
                records++;
                if (n < Block) continue;
                file.Write(block);
                n = 0;
            }
            file.Write(block.AsSpan(0, n * WeightRecordFiles.RecordSize));
            weights = new WeightRecording(records, until, file.Finish());
        }
        return new CheckpointRecordings(fromStep, step, totals, count, spikes, state, weights);
    }

    private static (RecordingFile File, long Count) WriteSpikes(RecordingReader reader, bool[] recorded, string path, long step)
    {
        long cut = SpikeEvent.Pack(step, 0), count = 0;
        using var file = new HashedFile(path);
        var merge = reader.MergeSpikes();
        var block = new long[Block];
        var kept = new long[Block];
        for (int read; (read = merge.Read(block)) > 0;)
        {
            int n = 0;
            bool done = false;
            foreach (long e in block.AsSpan(0, read))
            {
                if (e >= cut)
                {
                    done = true;
                    break;
                }
                int gid = SpikeEvent.Gid(e);
                // Only the spikes the results use travel: a shard may have reported others.
                if ((uint)gid < (uint)recorded.Length && recorded[gid]) kept[n++] = e;
            }
            file.Write(MemoryMarshal.AsBytes(kept.AsSpan(0, n)));
            count += n;
            if (done) break;
        }
        return (file.Finish(), count);
    }

    /// <summary>
    /// Chunks of at most about <paramref name="limit"/> elements, as the store's own series, so that whoever truncates
    /// the series later reads a bounded amount; a chunk is written one row at a time.
    /// </summary>
    private static RecordingFile WriteSeries(RecordingReader.StoredRecorder recorder, long samples, int limit, string path)
    {
        int rows = recorder.Neurons.Length, variables = recorder.Variables;
        int per = (int)Math.Clamp(limit / (1 + (long)variables * rows), 1, Block);
        var steps = new long[per];
        var values = new double[per];
        using var file = new HashedFile(path);
        Span<byte> header = stackalloc byte[sizeof(int)];
        for (long first = 0; first < samples; first += per)
        {
            int k = (int)Math.Min(per, samples - first);
            BitConverter.TryWriteBytes(header, k);
            file.Write(header);
            recorder.ReadSteps(first, steps.AsSpan(0, k));
            file.Write(MemoryMarshal.AsBytes(steps.AsSpan(0, k)));
            for (int v = 0; v < variables; v++)
                for (int row = 0; row < rows; row++)
                {
                    recorder.ReadValues(v, row, first, values.AsSpan(0, k));
                    file.Write(MemoryMarshal.AsBytes(values.AsSpan(0, k)));
                }
        }
        return file.Finish();
    }

    /// <summary>A new file written through a buffer, its SHA-256 and length taken as it goes.</summary>
    private sealed class HashedFile(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _stream.Write(bytes);
            _hash.AppendData(bytes);
            _length += bytes.Length;
        }

        /// <summary>Flushes the file to disk and describes it.</summary>
        public RecordingFile Finish()
        {
            _stream.Flush(flushToDisk: true);
            return new RecordingFile(Path.GetFileName(path), _length, Convert.ToHexStringLower(_hash.GetHashAndReset()));
        }

        public void Dispose()
        {
            _stream.Dispose();
            _hash.Dispose();
        }
    }
}
