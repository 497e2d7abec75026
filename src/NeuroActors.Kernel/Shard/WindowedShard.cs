using System.Runtime.CompilerServices;
using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The conservative asynchronous protocol for one shard, free of any transport. Window w+1 may be computed as
/// soon as the packets of window w from every upstream shard are here; there is no global barrier and a shard
/// with no upstream shard never waits. A window's spikes are delivered in canonical (step, gid) order, so the
/// sums in the ring buffers do not depend on arrival order or on the partition.
/// </summary>
public sealed class WindowedShard
{
    // The per-window methods are compiled optimised from the first call (AggressiveOptimization): with windows one
    // step long, a run of a second or less would otherwise spend much of its time in unoptimised code waiting for
    // tiered compilation.
    private readonly ShardKernel _kernel;
    private readonly int[] _upstream, _downstream;
    private readonly bool[][] _populationsFor; // [destination index][population]
    private readonly bool[] _wantsAll;         // destination needs every spike this shard emits
    private readonly Dictionary<long, List<SpikePacket>> _inbox = new();
    private readonly Stack<List<SpikePacket>> _spareLists = new(); // inbox lists of delivered windows, reused
    private readonly LongBuffer _merge = new(1024);
    private uint[] _outKeys = new uint[256];     // per outbox spike of the window being flushed
    private int[] _outPopulations = new int[256];
    private readonly int _window;
    private long _deliveredThrough = long.MinValue;

    /// <summary>
    /// Wraps <paramref name="kernel"/> for a run that ends at <paramref name="endStep"/>. With
    /// <paramref name="bestEffort"/> the shard never waits (its caller paces it on a clock) and packets that come
    /// after their window was delivered are dropped and counted instead.
    /// </summary>
    public WindowedShard(ShardKernel kernel, long endStep, bool bestEffort = false)
    {
        _kernel = kernel;
        EndStep = endStep;
        BestEffort = bestEffort;
        LateSpikesBySource = new long[kernel.Plan.Spec.Populations.Count];
        var plan = kernel.Plan;
        _window = plan.WindowSteps;
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
    /// Compiles the per-window code paths now (once per process), so that a caller can pay for it while building
    /// rather than in the first windows of a timed run (about ten milliseconds, against a COBA second of ~0.15 s).
    /// </summary>
    public static void CompileHotPaths()
    {
        if (Interlocked.Exchange(ref _compiled, 1) == 1) return;
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;
        foreach (var type in new[] { typeof(WindowedShard), typeof(ShardKernel), typeof(StateProbe) })
            foreach (var method in type.GetMethods(all))
                if (!method.IsAbstract && !method.ContainsGenericParameters &&
                    method.MethodImplementationFlags.HasFlag(System.Reflection.MethodImplAttributes.AggressiveOptimization))
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
        Neurons.NeuronSimd.CompileHotPaths();
    }

    /// <summary>The kernel.</summary>
    public ShardKernel Kernel => _kernel;

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

    /// <summary>Window that the next <see cref="TryAdvance"/> computes.</summary>
    public long CurrentWindow => _kernel.Step / _window;

    /// <summary>Shards this one sends to.</summary>
    public IReadOnlyList<int> Downstream => _downstream;

    /// <summary>
    /// Packets to send before the first window. A run that starts on a window boundary after step 0 (a resume)
    /// owes its downstream shards the previous window's spikes, which the checkpoint kept in the outbox.
    /// </summary>
    public void Start(Action<int, SpikePacket> send)
    {
        long step = _kernel.Step;
        if (step > 0 && step % _window == 0 && step < EndStep) Flush(step / _window - 1, send);
    }

    /// <summary>Stores a packet until its window is delivered; in best-effort mode a packet too late for that is dropped and counted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Accept(SpikePacket packet)
    {
        if (packet.Window <= _deliveredThrough)
        {
            if (!BestEffort) throw new InvalidOperationException($"shard {_kernel.Index}: a packet of window {packet.Window} came after that window was delivered");
            // Counted as late when its window was delivered without it; here its spikes are counted as dropped.
            foreach (uint key in packet.Keys)
            {
                int population = _kernel.Plan.Keys.PopulationOf(key);
                if (population >= 0) LateSpikesBySource[population]++;
            }
            return;
        }
        if (!_inbox.TryGetValue(packet.Window, out var list))
            _inbox[packet.Window] = list = _spareLists.TryPop(out var spare) ? spare : new List<SpikePacket>(_upstream.Length);
        list.Add(packet);
    }

    /// <summary>True when the next window can be computed now.</summary>
    public bool Ready
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get
        {
            if (Finished) return false;
            if (BestEffort) return true;
            long step = _kernel.Step;
            if (step % _window != 0 || step == 0 || _upstream.Length == 0) return true;
            return _inbox.TryGetValue(step / _window - 1, out var list) && list.Count == _upstream.Length;
        }
    }

    /// <summary>
    /// Computes the rest of the current window if <see cref="Ready"/>, and sends its packets when the window is
    /// complete and the run goes on. Returns false when it could not advance.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdvance(Action<int, SpikePacket> send)
    {
        if (!Ready) return false;
        long step = _kernel.Step;
        long w = step / _window;
        if (step % _window == 0 && step > 0) DeliverWindow(w - 1);
        long end = Math.Min((w + 1) * _window, EndStep);
        _kernel.Advance(end);
        // At the end of the run the last window's spikes stay in the outbox: they are in flight, and a checkpoint keeps them.
        if (end == (w + 1) * _window && end < EndStep) Flush(w, send);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DeliverWindow(long w)
    {
        _deliveredThrough = w;
        _merge.Clear();
        _inbox.Remove(w, out var packets);
        // Best effort delivers what is there; every packet missing now is late, whether it comes later or never.
        if (BestEffort) LatePackets += _upstream.Length - (packets?.Count ?? 0);
        if (packets is not null)
        {
            long baseStep = w * _window;
            var keys = _kernel.Plan.Keys;
            foreach (var p in packets)
                for (int i = 0; i < p.Keys.Length; i++)
                {
                    int gid = keys.GidOf(p.Keys[i]);
                    int offset = p.Offsets[i];
                    // A key that names no neuron, or a step outside the window, would index past a synapse row or
                    // ring buffer: refuse the packet loudly rather than corrupt the run.
                    if (gid < 0 || offset < 0 || offset >= _window)
                        throw new InvalidDataException($"shard {_kernel.Index}: packet of window {w} from shard {p.SourceShard} holds spike {i} with key 0x{p.Keys[i]:X8} at offset {offset}, which names no neuron step of this model's window");
                    _merge.Add(SpikeEvent.Pack(baseStep + offset, gid));
                }
            packets.Clear();
            _spareLists.Push(packets);
        }
        var spikes = _merge.Span;
        spikes.Sort();
        _kernel.Deliver(spikes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush(long w, Action<int, SpikePacket> send)
    {
        var outbox = _kernel.Outbox.Span;
        long baseStep = w * _window;
        // Each spike's population and key are found once per window, not once per destination.
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
        SpikePacket? all = null;
        for (int d = 0; d < _downstream.Length; d++)
        {
            var packet = _wantsAll[d]
                ? all ??= Build(outbox, baseStep, w, null)
                : Build(outbox, baseStep, w, _populationsFor[d]);
            send(_downstream[d], packet);
        }
        _kernel.Outbox.Clear();
    }

    /// <summary>The packet of window <paramref name="w"/> holding the spikes of the <paramref name="wanted"/> populations (all when null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SpikePacket Build(ReadOnlySpan<long> outbox, long baseStep, long w, bool[]? wanted)
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
        return new SpikePacket(w, _kernel.Index, keys, offsets);
    }
}
