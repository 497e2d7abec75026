using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>
/// The format-1 writer as Checkpoint.Save was before the kernel stopped doing file I/O, kept verbatim so that tests
/// can produce the files older builds wrote.
/// </summary>
internal static class Format1Writer
{
    public static void Save(Checkpoint c, string path)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("NACKPT"); w.Write(1); w.Write(c.Fingerprint); w.Write(c.Step); w.Write(c.DtMs);
        w.Write(c.Neurons.Length);
        foreach (var n in c.Neurons)
        {
            w.Write(n.Gid); w.Write(n.Values.Length);
            foreach (var v in n.Values) w.Write(v);
        }
        w.Write(c.Pending.Length);
        foreach (var p in c.Pending) { w.Write(p.Gid); w.Write(p.Receptor); w.Write(p.Step); w.Write(p.Value); }
        w.Write(c.Outbox.Length);
        foreach (var e in c.Outbox) w.Write(e);
    }
}
