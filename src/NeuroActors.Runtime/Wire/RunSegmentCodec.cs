using Akka.Actor;
using Akka.Serialization;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of RS2: version 2, end step, packets per window, then the shard actor refs as an array of serialized actor paths. A path is
/// written with <see cref="Serialization.SerializedActorPath"/>, which includes the address the receiving node must
/// use to reach the actor, and resolved on read by the receiving system's provider, so that a shard on another node
/// gets refs it can send packets to.
/// </summary>
internal static class RunSegmentCodec
{
    public const int Version = 2;

    /// <summary>Longest accepted path: far above any real one, low enough that a hostile one costs nothing.</summary>
    public const int MaxPathChars = 2048;

    public static void Write(ref WireWriter w, RunSegment m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.EndStep, "end step");
        if (m.PacketsPerWindow < 1) throw w.Fail("packets per window", $"is {m.PacketsPerWindow}; it must be at least 1");
        w.Write(m.PacketsPerWindow);
        WriteRefs(ref w, m.Shards);
    }

    /// <summary>Actor refs as an array of serialized paths (shared by every message that carries refs).</summary>
    public static void WriteRefs(ref WireWriter w, IActorRef[] refs)
    {
        w.WriteCount(refs.Length);
        for (int i = 0; i < refs.Length; i++)
        {
            var shard = refs[i];
            if (shard is null || shard.IsNobody()) throw w.Fail($"shards[{i}]", "is not an actor that can be reached");
            var path = Serialization.SerializedActorPath(shard);
            if (path.Length > MaxPathChars) throw w.Fail($"shards[{i}]", $"has a path of {path.Length} characters; at most {MaxPathChars} are accepted");
            w.Write(path);
        }
    }

    /// <summary>Reads refs written by <see cref="WriteRefs"/>, resolving each with this system's provider.</summary>
    public static IActorRef[] ReadRefs(ref WireReader r, ExtendedActorSystem system)
    {
        int count = r.ReadCount("shards", 2);
        var shards = new IActorRef[count];
        for (int i = 0; i < count; i++)
        {
            var path = r.ReadString($"shards[{i}]", MaxPathChars);
            shards[i] = Resolve(ref r, system, path, i);
        }
        return shards;
    }

    public static RunSegment Read(ref WireReader r, ExtendedActorSystem system)
    {
        r.ReadVersion(Version);
        long endStep = r.ReadNonNegativeInt64("end step");
        int packetsPerWindow = r.ReadInt32("packets per window");
        if (packetsPerWindow < 1) throw r.Fail("packets per window", $"is {packetsPerWindow}; it must be at least 1");
        return new RunSegment(endStep, ReadRefs(ref r, system), packetsPerWindow);
    }

    private static IActorRef Resolve(ref WireReader r, ExtendedActorSystem system, string path, int i)
    {
        bool parsed;
        IActorRef? resolved = null;
        try
        {
            // Akka's parser and resolver throw (FormatException and others) on some malformed paths instead of
            // returning false or dead letters: whatever they throw on bytes from the wire is a format error.
            parsed = ActorPath.TryParse(path, out _);
            if (parsed) resolved = system.Provider.ResolveActorRef(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new WireFormatException($"{WireManifests.RunSegment}: shards[{i}] '{path}' is not an actor path ({e.Message})", e);
        }
        if (!parsed || resolved is null) throw r.Fail($"shards[{i}]", $"'{path}' is not an actor path");
        return resolved;
    }
}
