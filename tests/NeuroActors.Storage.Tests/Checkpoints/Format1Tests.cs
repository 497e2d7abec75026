using System.Buffers.Binary;
using NeuroActors.Kernel.Shard;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

public sealed class Format1Tests : IDisposable
{
    // "NACKPT" with its length byte, int32 version, the 16-character fingerprint with its length byte, step, dt.
    private const int NeuronCount = 7 + 4 + 17 + 8 + 8, FirstGid = NeuronCount + 4, FirstWidth = FirstGid + 4, FirstValue = FirstWidth + 4;
    private static readonly Lazy<Checkpoint> Written = new(() => Checkpoint.From(Fixture.Spec, Fixture.RunTo(1003, 2).Select(k => k.Snapshot())));
    private readonly string _dir = Fixture.TempDir();
    private readonly byte[] _bytes;

    public Format1Tests()
    {
        Format1Writer.Save(Written.Value, Path.Combine(_dir, "c.nackpt"));
        _bytes = File.ReadAllBytes(Path.Combine(_dir, "c.nackpt"));
    }

    public void Dispose() => Fixture.Delete(_dir);

    private CheckpointException Refused(byte[] bytes) => Fixture.Refused(() => Format1Reader.Read(bytes, "c.nackpt", Fixture.Layout));

    private byte[] Copy() => (byte[])_bytes.Clone();

    [Fact]
    public void ATruncatedCheckpointFileIsRejected()
    {
        var path = Path.Combine(_dir, "c.nackpt");
        File.WriteAllBytes(path, _bytes[..(_bytes.Length / 2)]);
        Fixture.Refused(() => CheckpointStore.Load(path, Fixture.Layout));
    }

    [Fact]
    public void TruncatedAtEveryLengthIsRefused()
    {
        for (int n = 0; n < _bytes.Length; n++) Refused(_bytes[..n]);
        Assert.Contains("trailing bytes", Refused([.. _bytes, 0]).Message);
    }

    [Fact]
    public void AFileThatIsNotACheckpointIsRefused()
    {
        var path = Path.Combine(_dir, "bogus.nackpt");
        File.WriteAllText(path, "not a checkpoint");
        Assert.Contains("not a NeuroActors checkpoint", Fixture.Refused(() => CheckpointStore.Load(path, Fixture.Layout)).Message);
        Assert.Contains("no such checkpoint", Fixture.Refused(() => CheckpointStore.Load(Path.Combine(_dir, "none"), Fixture.Layout)).Message);
    }

    [Fact]
    public void StructurallyWrongFilesAreRefused()
    {
        var b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(7), 2);
        Assert.Contains("version 2", Refused(b).Message);
        b = Copy(); b[8 + 4 + 1] ^= 1;
        Assert.Contains("different model or seed", Refused(b).Message);
        b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(NeuronCount), -1);
        Assert.Contains("negative", Refused(b).Message);
        b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(NeuronCount), int.MaxValue);
        Assert.Contains("bytes left", Refused(b).Message);
        b = Copy(); BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(FirstValue), double.NaN);
        Assert.Contains("not a finite number", Refused(b).Message);
        b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(FirstGid), Fixture.Layout.TotalNeurons);
        Assert.Contains("outside the network", Refused(b).Message);
        b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(FirstWidth), 3);
        Assert.Contains("has 3 state values", Refused(b).Message);
        // The second row's gid made equal to the first's (rows of exc are gid, width 2, two doubles).
        b = Copy(); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(FirstGid + 24), BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(FirstGid)));
        Assert.Contains("appears twice", Refused(b).Message);
        // The last undelivered spike moved to the checkpoint's own step.
        var last = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(b.Length - 8));
        b = Copy(); BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(b.Length - 8), SpikeEvent.Pack(1003, SpikeEvent.Gid(last)));
        Assert.Contains("outside the last window", Refused(b).Message);
    }

    [Fact]
    public void DetectTellsTheFormats()
    {
        Assert.Equal(CheckpointFormat.File1, CheckpointStore.Detect(Path.Combine(_dir, "c.nackpt")));
        var dir = Fixture.Save(Fixture.RunTo(100, 1));
        try { Assert.Equal(CheckpointFormat.Directory2, CheckpointStore.Detect(dir)); }
        finally { Fixture.Delete(Path.GetDirectoryName(dir)!); }
    }
}
