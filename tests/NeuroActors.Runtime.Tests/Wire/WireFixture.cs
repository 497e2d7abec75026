using Akka.Actor;
using Akka.Configuration;
using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Tests.Wire;

/// <summary>One local ActorSystem with the wire bindings, shared by the serializer tests of a class.</summary>
public sealed class WireFixture : IDisposable
{
    public WireFixture()
    {
        System = ActorSystem.Create("wire", ConfigurationFactory.ParseString("akka.loglevel = ERROR").WithFallback(WireConfig.Hocon));
        Serializer = (NeuroActorsSerializer)System.Serialization.FindSerializerForType(typeof(SpikePacket));
        Shards = Enumerable.Range(0, 3).Select(i => System.ActorOf(Props.Empty, $"shard-{i}")).ToArray();
    }

    public ActorSystem System { get; }

    public NeuroActorsSerializer Serializer { get; }

    /// <summary>Live actors, so that RunSegment paths resolve to real refs.</summary>
    public IActorRef[] Shards { get; }

    public object RoundTrip(object message)
    {
        var bytes = Serializer.ToBinary(message);
        return Serializer.FromBinary(bytes, Serializer.Manifest(message));
    }

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
