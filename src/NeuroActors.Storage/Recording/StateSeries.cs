using System.Runtime.InteropServices;

namespace NeuroActors.Storage.Recording;

/// <summary>
/// One state recorder's samples in one shard: an append file of chunks, each <c>[int samples][long steps…]
/// [double values: variable-major, then neuron, then sample]</c>, plus the chunks not yet written. A chunk holds
/// at most about a buffer limit of elements, so cutting one on truncation reads a bounded amount.
/// </summary>
internal sealed class StateSeries
{
    public StateSeries(string path, int[] neurons, int variables)
    {
        (Path, Neurons, Variables) = (path, neurons, variables);
        // A series exists from its first report on, even one with no samples yet: its trace is part of the results.
        File.Create(path).Dispose();
    }

    /// <summary>Adopts an existing file of <paramref name="samples"/> samples, the last at <paramref name="lastStep"/> (a checkpoint's series copied into a store).</summary>
    public StateSeries(string path, int[] neurons, int variables, long samples, long lastStep)
    {
        (Path, Neurons, Variables) = (path, neurons, variables);
        SamplesOnDisk = samples;
        LastStep = samples == 0 ? long.MinValue : lastStep;
    }

    public string Path { get; }
    public int[] Neurons { get; }
    public int Variables { get; }
    public long LastStep { get; set; } = long.MinValue;
    public List<(long[] Steps, double[][][] Values)> Pending { get; } = [];
    public long PendingSamples { get; set; }
    public long SamplesOnDisk { get; private set; }
    public long Samples => SamplesOnDisk + PendingSamples;

    private int ElementsPerSample => 1 + Variables * Neurons.Length;

    /// <summary>Byte length of a chunk of <paramref name="samples"/> samples.</summary>
    public long ChunkBytes(long samples) => ChunkBytes(samples, Variables * Neurons.Length);

    public static long ChunkBytes(long samples, int valuesPerSample) => sizeof(int) + samples * sizeof(long) + samples * valuesPerSample * sizeof(double);

    /// <summary>Writes the pending chunks; returns the number of elements they held.</summary>
    public int Flush()
    {
        int elements = 0;
        foreach (var (steps, values) in Pending)
        {
            WriteChunk(steps, values, 0, steps.Length);
            elements += steps.Length * ElementsPerSample;
        }
        Pending.Clear();
        PendingSamples = 0;
        return elements;
    }

    /// <summary>Writes samples straight to the file in chunks of at most about <paramref name="limit"/> elements.</summary>
    public void Write(long[] steps, double[][][] values, int limit)
    {
        int per = Math.Max(1, limit / ElementsPerSample);
        for (int start = 0; start < steps.Length; start += per)
            WriteChunk(steps, values, start, Math.Min(per, steps.Length - start));
    }

    private void WriteChunk(long[] steps, double[][][] values, int start, int count)
    {
        // Straight from the arrays, through the stream's own small buffer: a chunk can be half a megabyte.
        using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            Span<byte> header = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(header, count);
            stream.Write(header);
            stream.Write(MemoryMarshal.AsBytes(steps.AsSpan(start, count)));
            foreach (var variable in values)
                foreach (var neuron in variable)
                    stream.Write(MemoryMarshal.AsBytes(neuron.AsSpan(start, count)));
        }
        SamplesOnDisk += count;
    }

    /// <summary>Drops the samples at <paramref name="step"/> or later; the pending chunks must have been written.</summary>
    public void TruncateTo(long step)
    {
        if (LastStep < step || SamplesOnDisk == 0) return;
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
        long length = RandomAccess.GetLength(handle), offset = 0, kept = 0, last = long.MinValue;
        int valuesPerSample = Variables * Neurons.Length;
        while (offset < length)
        {
            var header = new byte[sizeof(int)];
            RecordingReader.ReadExactly(handle, header, offset);
            int samples = BitConverter.ToInt32(header);
            var steps = new long[samples];
            RecordingReader.ReadExactly(handle, MemoryMarshal.AsBytes(steps.AsSpan()), offset + sizeof(int));
            int keep = 0;
            while (keep < samples && steps[keep] < step) keep++;
            if (keep == samples)
            {
                offset += ChunkBytes(samples);
                kept += samples;
                last = steps[^1];
                continue;
            }
            if (keep > 0)
            {
                // The chunk is cut inside: its values are variable- and neuron-major, so the kept prefix is rewritten.
                var values = new double[samples * valuesPerSample];
                RecordingReader.ReadExactly(handle, MemoryMarshal.AsBytes(values.AsSpan()), offset + sizeof(int) + samples * sizeof(long));
                var cut = new byte[ChunkBytes(keep)];
                BitConverter.TryWriteBytes(cut, keep);
                MemoryMarshal.AsBytes(steps.AsSpan(0, keep)).CopyTo(cut.AsSpan(sizeof(int)));
                int at = sizeof(int) + keep * sizeof(long);
                for (int row = 0; row < valuesPerSample; row++, at += keep * sizeof(double))
                    MemoryMarshal.AsBytes(values.AsSpan(row * samples, keep)).CopyTo(cut.AsSpan(at));
                RandomAccess.Write(handle, cut, offset);
                offset += cut.Length;
                kept += keep;
                last = steps[keep - 1];
            }
            break;
        }
        RandomAccess.SetLength(handle, offset);
        SamplesOnDisk = kept;
        LastStep = last;
    }
}
