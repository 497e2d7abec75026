using Akka.Actor;
using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Encoding and decoding one <see cref="SpikePacket"/> with the Akka serializer every node uses
/// (<see cref="NeuroActorsSerializer"/>). Reported per packet; the allocation column is the encoded packet (encode)
/// or the rebuilt arrays (decode).
/// </summary>
[MemoryDiagnoser]
public class PacketSerializationBenchmarks
{
    private const int Neurons = 12_500, WindowSteps = 15;
    private ActorSystem _system = null!;
    private NeuroActorsSerializer _serializer = null!;
    private SpikePacket _packet = null!;
    private byte[] _bytes = null!;
    private string _manifest = null!;

    /// <summary>
    /// Spikes in the packet: 0 (the empty packet that lets a receiver advance), 100 (a busy slice's window),
    /// 10,000 (a whole population's window in a large network).
    /// </summary>
    [Params(0, 100, 10_000)]
    public int Spikes { get; set; }

    /// <summary>Starts an ActorSystem with the wire configuration and encodes the packet once for the decode benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", WireConfig.Hocon);
        _serializer = (NeuroActorsSerializer)_system.Serialization.FindSerializerForType(typeof(SpikePacket));
        // Distinct (offset, gid) pairs in (offset, gid) order, as a shard emits them: a neuron spikes once per step at most.
        var random = new System.Random(1);
        var set = new SortedSet<(int Offset, int Gid)>();
        while (set.Count < Spikes) set.Add((random.Next(WindowSteps), random.Next(Neurons)));
        var spikes = set.ToArray();
        _packet = Packet(number: 1_000, sourceShard: 3, spikes.Select(s => s.Gid).ToArray(), spikes.Select(s => s.Offset).ToArray());
        _manifest = _serializer.Manifest(_packet);
        _bytes = _serializer.ToBinary(_packet);
    }

    /// <summary>Stops the ActorSystem.</summary>
    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>Packet to bytes.</summary>
    [Benchmark]
    public byte[] Encode() => _serializer.ToBinary(_packet);

    /// <summary>Bytes to packet, with every check the receiver makes.</summary>
    [Benchmark]
    public object Decode() => _serializer.FromBinary(_bytes, _manifest);

    // The one place that constructs a SpikePacket: spikes in (offset, sender) order. For one population cut into
    // 256-neuron slices the routing key (slice | neuron index) equals the sender's index, so keys stay below 12,500
    // as in Brunel's excitatory population.
    private static SpikePacket Packet(long number, int sourceShard, int[] senders, int[] offsets) =>
        new(number, sourceShard, senders.Select(s => (uint)s).ToArray(), offsets);
}
