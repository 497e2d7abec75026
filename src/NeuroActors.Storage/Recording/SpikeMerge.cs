using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NeuroActors.Storage.Recording;

/// <summary>
/// A k-way merge of spike files, each a sorted run of packed <see cref="Kernel.Shard.SpikeEvent"/> longs, into one
/// stream in global (step, gid) order. Every file is walked through a fixed buffer, so memory does not grow with the
/// recordings. The results writers and a checkpoint's spike file both read spikes through it.
/// </summary>
internal sealed class SpikeMerge
{
    private readonly SpikeCursor?[] _cursors;
    private readonly PriorityQueue<int, long> _queue;

    /// <summary>Starts the merge of <paramref name="files"/>; each is read <paramref name="buffer"/> spikes at a time.</summary>
    public SpikeMerge(IReadOnlyList<(SafeFileHandle Handle, long Count)> files, int buffer)
    {
        _cursors = new SpikeCursor?[files.Count];
        _queue = new PriorityQueue<int, long>(Math.Max(1, files.Count));
        for (int f = 0; f < files.Count; f++)
        {
            if (files[f].Count == 0) continue;
            var cursor = _cursors[f] = new SpikeCursor(files[f].Handle, files[f].Count, buffer);
            _queue.Enqueue(f, cursor.Current);
        }
    }

    /// <summary>A buffer size per file that keeps all of them together near 64 Ki spikes.</summary>
    public static int BufferPerFile(int files, int most) => Math.Clamp((1 << 16) / Math.Max(1, files), 256, most);

    /// <summary>Fills <paramref name="destination"/> with the next spikes in order; returns how many (0 once all are read).</summary>
    public int Read(Span<long> destination)
    {
        int n = 0;
        while (n < destination.Length && _queue.TryDequeue(out int f, out long e))
        {
            destination[n++] = e;
            var cursor = _cursors[f]!;
            if (cursor.MoveNext()) _queue.Enqueue(f, cursor.Current);
        }
        return n;
    }

    /// <summary>Walks one file through a fixed buffer.</summary>
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
            RecordingReader.ReadExactly(_handle, MemoryMarshal.AsBytes(_buffer.AsSpan(0, _length)), _start * sizeof(long));
        }
    }
}
