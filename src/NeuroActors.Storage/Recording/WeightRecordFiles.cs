using System.Buffers.Binary;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Storage.Recording;

/// <summary>
/// A recording store's weight records: one append file per shard of 24-byte records (step int64, projection, source gid
/// and target gid int32, weight float32, little-endian), each file sorted by (step, projection, source, target) as the
/// shards send them, and the records a checkpoint carried (one more file, in the same layout and order, all before the
/// shards' records). Nothing is held in memory between appends; <see cref="Merge"/> merges the files in blocks.
/// </summary>
internal sealed class WeightRecordFiles
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 24;

    private const int BlockRecords = 4096;

    private readonly Func<int, string> _path;
    private readonly long[] _count;
    private readonly (long Step, int Projection, int Source, int Target)[] _last;

    /// <param name="shards">Shards that append.</param>
    /// <param name="path">The file of shard s, and at s = <paramref name="shards"/> that of the carried records.</param>
    public WeightRecordFiles(int shards, Func<int, string> path)
    {
        _path = path;
        _count = new long[shards + 1]; // the last: carried from a checkpoint
        _last = new (long, int, int, int)[shards + 1];
        Array.Fill(_last, (long.MinValue, 0, 0, 0));
    }

    /// <summary>Where carried records are copied to before <see cref="Carry"/>.</summary>
    public string CarriedPath => _path(_count.Length - 1);

    /// <summary>Adopts <paramref name="count"/> carried records already copied to <see cref="CarriedPath"/>.</summary>
    public void Carry(long count, (long Step, int Projection, int Source, int Target) last)
    {
        _count[^1] = count;
        _last[^1] = last;
    }

    /// <summary>Records held, over all shards and those carried.</summary>
    public long Count => _count.Sum();

    /// <summary>Appends records of <paramref name="shard"/>, which must continue its order.</summary>
    /// <exception cref="ArgumentException">Columns of different lengths, or records out of order.</exception>
    public void Append(int shard, long[] steps, int[] projections, int[] sources, int[] targets, float[] weights)
    {
        int n = steps.Length;
        if (projections.Length != n || sources.Length != n || targets.Length != n || weights.Length != n)
            throw new ArgumentException($"shard {shard}: weight record columns of different lengths", nameof(steps));
        if (n == 0) return;
        var last = _last[shard];
        var bytes = new byte[checked(n * RecordSize)];
        for (int i = 0; i < n; i++)
        {
            var key = (steps[i], projections[i], sources[i], targets[i]);
            if (key.CompareTo(last) < 0)
                throw new ArgumentException($"shard {shard}: weight records must continue in (step, projection, source, target) order", nameof(steps));
            last = key;
            Encode(bytes.AsSpan(i * RecordSize, RecordSize), key, weights[i]);
        }
        RecordingStore.AppendToFile(_path(shard), bytes);
        _count[shard] += n;
        _last[shard] = last;
    }

    /// <summary>Drops every record of a presynaptic spike at <paramref name="step"/> or later (the files are sorted by step).</summary>
    public void TruncateTo(long step)
    {
        var record = new byte[RecordSize];
        for (int s = 0; s < _count.Length; s++)
        {
            if (_count[s] == 0) continue;
            using var handle = File.OpenHandle(_path(s), FileMode.Open, FileAccess.ReadWrite);
            long lo = 0, hi = _count[s];
            while (lo < hi)
            {
                long mid = (lo + hi) >>> 1;
                RecordingReader.ReadExactly(handle, record, mid * RecordSize);
                if (BinaryPrimitives.ReadInt64LittleEndian(record) < step) lo = mid + 1;
                else hi = mid;
            }
            RandomAccess.SetLength(handle, lo * RecordSize);
            _count[s] = lo;
            if (lo == 0)
            {
                _last[s] = (long.MinValue, 0, 0, 0);
                continue;
            }
            RecordingReader.ReadExactly(handle, record, (lo - 1) * RecordSize);
            _last[s] = Key(record);
        }
    }

    /// <summary>Forgets every record (the store deletes the files).</summary>
    public void Clear()
    {
        Array.Clear(_count);
        Array.Fill(_last, (long.MinValue, 0, 0, 0));
    }

    /// <summary>
    /// Every record, the shards' files and the carried one merged by (step, projection, source, target), read in blocks.
    /// </summary>
    public IEnumerable<((long Step, int Projection, int Source, int Target) Key, float Weight)> Merge()
    {
        var readers = new List<ShardReader>();
        try
        {
            for (int s = 0; s < _count.Length; s++)
                if (_count[s] > 0) readers.Add(new ShardReader(_path(s), _count[s]));
            // Ties between shards cannot happen (a synapse lives with its target, on one shard; carried records come
            // before the shards'); within a file the records of one pair keep their order because a file's next record is
            // queued only after its previous one.
            var queue = new PriorityQueue<ShardReader, (long, int, int, int)>();
            foreach (var r in readers) if (r.MoveNext()) queue.Enqueue(r, r.Key);
            while (queue.TryDequeue(out var r, out var key))
            {
                yield return (key, r.Weight);
                if (r.MoveNext()) queue.Enqueue(r, r.Key);
            }
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    /// <summary>
    /// Writes <see cref="WeightRecordsCsv.FileName"/> into <paramref name="dir"/>: the records merged (<see cref="Merge"/>),
    /// gids as indices within their populations, times as (step + 1)·dt.
    /// </summary>
    public void WriteCsv(NetworkSpec spec, string dir)
    {
        var offsets = new int[spec.Populations.Count];
        for (int p = 1; p < offsets.Length; p++) offsets[p] = offsets[p - 1] + spec.Populations[p - 1].Size;
        var sourceOffset = spec.Projections.Select(pr => offsets[spec.PopulationIndex(pr.Source)]).ToArray();
        var targetOffset = spec.Projections.Select(pr => offsets[spec.PopulationIndex(pr.Target)]).ToArray();
        double dt = spec.Simulation.DtMs;
        using var csv = new WeightRecordsCsv(Path.Combine(dir, WeightRecordsCsv.FileName));
        foreach (var ((step, projection, source, target), weight) in Merge())
            csv.Write(spec.Projections[projection].Label, source - sourceOffset[projection], target - targetOffset[projection], (step + 1) * dt, weight);
    }

    /// <summary>Encodes one record in the files' layout.</summary>
    public static void Encode(Span<byte> record, (long Step, int Projection, int Source, int Target) key, float weight)
    {
        BinaryPrimitives.WriteInt64LittleEndian(record, key.Step);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], key.Projection);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], key.Source);
        BinaryPrimitives.WriteInt32LittleEndian(record[16..], key.Target);
        BinaryPrimitives.WriteSingleLittleEndian(record[20..], weight);
    }

    /// <summary>Decodes one record of the files' layout.</summary>
    public static ((long Step, int Projection, int Source, int Target) Key, float Weight) Decode(ReadOnlySpan<byte> record) =>
        (Key(record), BinaryPrimitives.ReadSingleLittleEndian(record[20..]));

    private static (long Step, int Projection, int Source, int Target) Key(ReadOnlySpan<byte> record) => (
        BinaryPrimitives.ReadInt64LittleEndian(record), BinaryPrimitives.ReadInt32LittleEndian(record[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(record[12..]), BinaryPrimitives.ReadInt32LittleEndian(record[16..]));

    /// <summary>Reads one shard's file in blocks.</summary>
    private sealed class ShardReader(string path, long count) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        private readonly byte[] _block = new byte[BlockRecords * RecordSize];
        private long _left = count;
        private int _inBlock, _at;

        public (long, int, int, int) Key { get; private set; }

        public float Weight { get; private set; }

        public bool MoveNext()
        {
            if (_at == _inBlock)
            {
                if (_left == 0) return false;
                _inBlock = (int)Math.Min(BlockRecords, _left);
                _stream.ReadExactly(_block, 0, _inBlock * RecordSize);
                _left -= _inBlock;
                _at = 0;
            }
            var record = _block.AsSpan(_at++ * RecordSize, RecordSize);
            Key = WeightRecordFiles.Key(record);
            Weight = BinaryPrimitives.ReadSingleLittleEndian(record[20..]);
            return true;
        }

        public void Dispose() => _stream.Dispose();
    }
}
