using System.Runtime.CompilerServices;
using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The conservative asynchronous protocol for one shard, free of any transport and of what the shard computes (its
/// <see cref="IShardBackend"/>, called once per window part). Window w+1 may be computed as
/// soon as the packets of window w from every upstream shard are here; there is no global barrier and a shard
/// with no upstream shard never waits. A window's spikes are delivered in canonical (step, gid) order, so the
/// sums in the ring buffers do not depend on arrival order or on the partition.
/// <para>
/// A window may be sent as several packets (<see cref="PacketsPerWindow"/> = P): packet j of window w carries the
/// spikes of steps [w·L + ⌊jL/P⌋, w·L + ⌊(j+1)L/P⌋) and is numbered w·P + j. Since every delay is at least a
/// window, part j of window w+1 needs only parts 0..j of window w, so a shard computes part j of the next window
/// while the later parts of this one are still in flight: communication overlaps computation. Parts are delivered
/// in order and each in (step, gid) order, which is still the canonical order: the results do not depend on P.
/// </para>
/// </summary>
public sealed class WindowedShard
{
    // The per-window methods are compiled optimised from the first call (AggressiveOptimization): with windows one
    // step long, a run of a second or less would otherwise spend much of its time in unoptimised code waiting for
    // tiered compilation.
    private readonly IShardBackend _kernel;
    private readonly int[] _upstream, _downstream;
    private readonly bool[][] _populationsFor; // [destination index][population]
    private readonly bool[] _wantsAll;         // destination needs every spike this shard emits
    private readonly Dictionary<long, List<SpikePacket>> _inbox = new();
    private readonly Stack<List<SpikePacket>> _spareLists = new(); // inbox lists of delivered windows, reused
    private readonly LongBuffer _merge = new(1024);
    private uint[] _outKeys = new uint[256];     // per outbox spike of the window being flushed
    private int[] _outPopulations = new int[256];
    private readonly int _window;
    private readonly int _parts;
    private readonly int[] _partStart;  // [j]: first step of part j within its window; [P] = the window length
    private readonly int[] _partAt;     // [offset within the window]: the part holding that step
    private long _deliveredThrough;     // last packet number whose spikes are all in the ring buffers

    /// <summary>
    /// Wraps <paramref name="kernel"/>, a shard of any backend, for a run that ends at <paramref name="endStep"/>, sending each window as
    /// <paramref name="packetsPerWindow"/> packets (at most one per step of the window: more are sent as one per step).
    /// With <paramref name="bestEffort"/> the shard never waits (its caller paces it on a clock), packets that come
    /// after their window was delivered are dropped and counted instead, and a window is one packet.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="packetsPerWindow"/> is less than 1.</exception>
    public WindowedShard(IShardBackend kernel, long endStep, bool bestEffort = false, int packetsPerWindow = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetsPerWindow, 1);
        _kernel = kernel;
        EndStep = endStep;
        BestEffort = bestEffort;
        LateSpikesBySource = new long[kernel.Plan.Spec.Populations.Count];
        var plan = kernel.Plan;
        _window = plan.WindowSteps;
        _parts = PartsPerWindow(_window, packetsPerWindow, bestEffort);
        _partStart = Enumerable.Range(0, _parts + 1).Select(j => (int)((long)j * _window / _parts)).ToArray();
        _partAt = new int[_window];
        for (int j = 0; j < _parts; j++)
            for (int o = _partStart[j]; o < _partStart[j + 1]; o++) _partAt[o] = j;
        _deliveredThrough = PacketAt(kernel.DeliveredBefore) - 1;
        _upstream = plan.Upstream[kernel.Index];
        _downstream = plan.Downstream[kernel.Index];
        _populationsFor = _downstream
            .Select(d => Enumerable.Range(0, plan.Spec.Populations.Count).Select(p => plan.ProjectsInto(p, d)).ToArray())
            .ToArray();
        _wantsAll = _populationsFor
            .Select(wanted => Enumerable.Range(0, wanted.Length).All(p => wanted[p] || plan.Slice(p, kernel.Index).Count == 0))
            .ToArray();
    }

    private static int _compiled;

    /// <summary>
    /// Compiles the code a shard runs while simulating now (once per process), so that a caller can pay for it while
    /// building rather than in the first windows of a timed run (see <see cref="Precompile"/>).
    /// </summary>
    public static void CompileHotPaths()
    {
        if (Interlocked.Exchange(ref _compiled, 1) == 1) return;
        Precompile.Types(typeof(WindowedShard), typeof(ShardKernel), typeof(ShardRecorder), typeof(StateProbe), typeof(ShardStimuli), typeof(LongBuffer),
            typeof(SpikeKeys), typeof(SpikeEvent));
        // The generic sort a window's spikes go through, on more elements than its insertion-sort cut-off.
        Span<long> spikes = stackalloc long[64];
        for (int i = 0; i < spikes.Length; i++) spikes[i] = (i * 37) % 64;
        spikes.Sort();
    }

    /// <summary>The shard's backend.</summary>
    public IShardBackend Kernel => _kernel;

    /// <summary>True in best-effort real-time mode.</summary>
    public bool BestEffort { get; }

    /// <summary>Best effort: packets missing when their window was delivered (dropped if they come later).</summary>
    public long LatePackets { get; private set; }

    /// <summary>Best effort: spikes of late packets that did arrive (before the run ended), per source population.</summary>
    public long[] LateSpikesBySource { get; }

    /// <summary>Step at which the run ends.</summary>
    public long EndStep { get; }

    /// <summary>True when every step of the run is computed.</summary>
    public bool Finished => _kernel.Step >= EndStep;

    /// <summary>Window that the next <see cref="TryAdvance"/> computes (part of).</summary>
    public long CurrentWindow => _kernel.Step / _window;

    /// <summary>Packets each window is sent as.</summary>
    public int PacketsPerWindow => _parts;

    /// <summary>
    /// Packets a window of <paramref name="windowSteps"/> steps is sent as when <paramref name="requested"/> are asked
    /// for: at most one per step, and whole windows in best-effort real time (its clock paces windows, not parts).
    /// </summary>
    public static int PartsPerWindow(int windowSteps, int requested, bool bestEffort) =>
        bestEffort ? 1 : Math.Min(requested, windowSteps);

    /// <summary>Number of the last packet whose spikes are all delivered into the ring buffers.</summary>
    public long DeliveredThrough => _deliveredThrough;

    /// <summary>Number of the packet whose steps include <paramref name="step"/>.</summary>
    private long PacketAt(long step)
    {
        long w = Math.DivRem(step, _window, out long offset);
        if (offset < 0) { w--; offset += _window; }
        return w * _parts + _partAt[offset];
    }

    /// <summary>First step of packet <paramref name="packet"/>.</summary>
    private long StartOf(long packet)
    {
        long w = Math.DivRem(packet, _parts, out long j);
        if (j < 0) { w--; j += _parts; }
        return w * _window + _partStart[j];
    }

    /// <summary>Shards this one sends to.</summary>
    public IReadOnlyList<int> Downstream => _downstream;

    /// <summary>
    /// Packets to send before the first window: those completed in a previous segment of this run that their
    /// receivers have not delivered yet (they are needed in this segment). After a restore there are none: the
    /// restore delivered every spike emitted before it.
    /// </summary>
    public void Start(Action<int, SpikePacket> send)
    {
        long step = _kernel.Step;
        for (long q = PacketAt(_kernel.DeliveredBefore); StartOf(q + 1) <= step && StartOf(q + _parts) < EndStep; q++)
            Flush(q, send);
    }

    /// <summary>Stores a packet until its window is delivered; in best-effort mode a packet too late for that is dropped and counted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Accept(SpikePacket packet)
    {
        if (packet.Number <= _deliveredThrough)
        {
            if (!BestEffort) throw new InvalidOperationException($"shard {_kernel.Index}: packet {packet.Number} came after it was delivered");
            // Counted as late when its window was delivered without it; here its spikes are counted as dropped.
            foreach (uint key in packet.Keys)
            {
                int population = _kernel.Plan.Keys.PopulationOf(key);
                if (population >= 0) LateSpikesBySource[population]++;
            }
            return;
        }
        if (!_inbox.TryGetValue(packet.Number, out var list))
            _inbox[packet.Number] = list = _spareLists.TryPop(out var spare) ? spare : new List<SpikePacket>(_upstream.Length);
        list.Add(packet);
    }

    /// <summary>True when the next window (part) can be computed now.</summary>
    public bool Ready
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get
        {
            if (Finished) return false;
            if (BestEffort || _upstream.Length == 0) return true;
            long needed = PacketAt(_kernel.Step) - _parts;
            for (long q = _deliveredThrough + 1; q <= needed; q++)
                if (!_inbox.TryGetValue(q, out var list) || list.Count < _upstream.Length) return false;
            return true;
        }
    }

    /// <summary>
    /// Computes the rest of the current window part if <see cref="Ready"/>, and sends its packets when the part is
    /// complete and a later step of the run needs it. Returns false when it could not advance.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdvance(Action<int, SpikePacket> send)
    {
        if (!Ready) return false;
        long packet = PacketAt(_kernel.Step);
        // Every delay is at least a window: this part needs the spikes of the same part of the previous window.
        while (_deliveredThrough < packet - _parts) Deliver(_deliveredThrough + 1);
        long end = Math.Min(StartOf(packet + 1), EndStep);
        _kernel.Advance(end);
        // Packets that no step of this run needs (the last window's) stay in the outbox: they are in flight, and a
        // checkpoint keeps them.
        if (end == StartOf(packet + 1) && StartOf(packet + _parts) < EndStep) Flush(packet, send);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(long q)
    {
        _deliveredThrough = q;
        _merge.Clear();
        _inbox.Remove(q, out var packets);
        // Best effort delivers what is there; every packet missing now is late, whether it comes later or never.
        if (BestEffort) LatePackets += _upstream.Length - (packets?.Count ?? 0);
        long baseStep = StartOf(q);
        int length = (int)(StartOf(q + 1) - baseStep);
        if (packets is not null)
        {
            var keys = _kernel.Plan.Keys;
            foreach (var p in packets)
                for (int i = 0; i < p.Keys.Length; i++)
                {
                    int gid = keys.GidOf(p.Keys[i]);
                    int offset = p.Offsets[i];
                    // A key that names no neuron, or a step outside the packet's steps, would index past a synapse
                    // row or ring buffer: refuse the packet loudly rather than corrupt the run.
                    if (gid < 0 || offset < 0 || offset >= length)
                        throw new InvalidDataException($"shard {_kernel.Index}: packet {q} (steps {baseStep}–{baseStep + length - 1}) from shard {p.SourceShard} holds spike {i} with key 0x{p.Keys[i]:X8} at offset {offset}, which names no neuron step of this packet");
                    _merge.Add(SpikeEvent.Pack(baseStep + offset, gid));
                }
            packets.Clear();
            _spareLists.Push(packets);
        }
        var spikes = _merge.Span;
        spikes.Sort();
        _kernel.Deliver(spikes);
        _kernel.DeliveredBefore = baseStep + length;
    }

    /// <summary>Sends packet <paramref name="q"/>: the outbox's spikes before its end, which then leave the outbox.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush(long q, Action<int, SpikePacket> send)
    {
        long baseStep = StartOf(q), endStep = StartOf(q + 1);
        var all = _kernel.Outbox.Span;
        int count = 0;
        while (count < all.Length && SpikeEvent.Step(all[count]) < endStep) count++;
        var outbox = all[..count];
        // Each spike's population and key are found once per packet, not once per destination.
        if (_outKeys.Length < outbox.Length)
        {
            _outKeys = new uint[Math.Max(outbox.Length, 2 * _outKeys.Length)];
            _outPopulations = new int[_outKeys.Length];
        }
        var plan = _kernel.Plan;
        for (int i = 0; i < outbox.Length; i++)
        {
            int gid = SpikeEvent.Gid(outbox[i]);
            int population = plan.PopulationOf(gid);
            _outPopulations[i] = population;
            _outKeys[i] = plan.Keys.KeyOf(population, gid);
        }
        SpikePacket? everything = null;
        for (int d = 0; d < _downstream.Length; d++)
        {
            var packet = _wantsAll[d]
                ? everything ??= Build(outbox, baseStep, q, null)
                : Build(outbox, baseStep, q, _populationsFor[d]);
            send(_downstream[d], packet);
        }
        _kernel.Outbox.RemoveFirst(count);
    }

    /// <summary>The packet <paramref name="q"/> holding the spikes of the <paramref name="wanted"/> populations (all when null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SpikePacket Build(ReadOnlySpan<long> outbox, long baseStep, long q, bool[]? wanted)
    {
        int count = 0;
        for (int i = 0; i < outbox.Length; i++) if (wanted is null || wanted[_outPopulations[i]]) count++;
        var keys = new uint[count];
        var offsets = new int[count];
        int k = 0;
        for (int i = 0; i < outbox.Length; i++)
        {
            if (wanted is not null && !wanted[_outPopulations[i]]) continue;
            keys[k] = _outKeys[i];
            offsets[k] = (int)(SpikeEvent.Step(outbox[i]) - baseStep);
            k++;
        }
        return new SpikePacket(q, _kernel.Index, keys, offsets);
    }
}
