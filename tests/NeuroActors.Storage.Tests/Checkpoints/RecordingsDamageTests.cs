using System.Buffers.Binary;
using System.Security.Cryptography;
using NeuroActors.Kernel.Shard;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>
/// Damaged recordings of a checkpoint are refused with one line naming the file, and leave nothing in the store. Byte
/// flips and truncations fail the checksum or the length; the structural checks are exercised by changing a file and
/// giving the description its new checksum, so only the import's own checks can refuse it.
/// </summary>
public sealed class RecordingsDamageTests : IDisposable
{
    private const long Step = 500;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "neuroactors-recordings-damage", Guid.NewGuid().ToString("N"));
    private readonly SampleRun _run = SampleRun.Make(shards: 2, steps: 600, seed: 101);
    private readonly string _dir;
    private readonly CheckpointRecordings _recordings;
    private readonly RecordingStore _target;

    public RecordingsDamageTests()
    {
        Directory.CreateDirectory(_root);
        using var store = _run.Feed(_root, new Random(102), bufferLimit: 200);
        _dir = Path.Combine(_root, "checkpoint");
        Directory.CreateDirectory(_dir);
        _recordings = CheckpointRecordings.Write(store, _dir, 0, Step, new RecordingTotals(100_000, 1, 0.5));
        _target = new RecordingStore(_run.Spec, 3, _root);
    }

    public void Dispose()
    {
        _target.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string PathOf(RecordingFile file) => Path.Combine(_dir, CheckpointRecordings.DirectoryName, file.File);

    private StateRecording Series(int intervalSteps) => _recordings.State.Single(s => _run.Spec.Recorders[s.Recorder].IntervalSteps == intervalSteps);

    /// <summary>The import's refusal, asserted to be one line naming the file and to leave the store as it was.</summary>
    private CheckpointException Refused(CheckpointRecordings recordings, RecordingFile file)
    {
        var ex = Fixture.Refused(() => recordings.ImportInto(_target, _dir));
        Assert.StartsWith(PathOf(file) + ":", ex.Message);
        Assert.Null(_target.CarriedUntilStep);
        Assert.Empty(Directory.EnumerateFiles(_target.Directory));
        return ex;
    }

    [Fact]
    public void TheUndamagedRecordingsImport()
    {
        Assert.True(_recordings.SpikeCount > 100, $"{_recordings.SpikeCount} spikes");
        Assert.Equal(2, _recordings.State.Count);
        _recordings.ImportInto(_target, _dir);
        Assert.Equal(Step, _target.CarriedUntilStep);
        Assert.Equal(_recordings.SpikeCount, _target.CarriedSpikeCount);
    }

    [Fact]
    public void EveryByteOfTheSpikeFileFlippedIsAChecksumMismatch()
    {
        var path = PathOf(_recordings.Spikes);
        var original = File.ReadAllBytes(path);
        for (int i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            Assert.EndsWith(": checksum mismatch (the file was changed or damaged)", Refused(_recordings, _recordings.Spikes).Message);
        }
        File.WriteAllBytes(path, original);
        _recordings.ImportInto(_target, _dir);
    }

    [Fact]
    public void BytesOfEverySeriesFlippedAreAChecksumMismatch()
    {
        foreach (var series in _recordings.State)
        {
            var path = PathOf(series.File);
            var original = File.ReadAllBytes(path);
            // Every byte of the first chunk's header and steps, then every 7th.
            for (int i = 0; i < original.Length; i += i < 200 ? 1 : 7)
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= 0x10;
                File.WriteAllBytes(path, bytes);
                Assert.EndsWith(": checksum mismatch (the file was changed or damaged)", Refused(_recordings, series.File).Message);
            }
            File.WriteAllBytes(path, original);
        }
        _recordings.ImportInto(_target, _dir);
    }

    [Fact]
    public void TruncatedPaddedOrMissingFilesAreRefused()
    {
        foreach (var file in _recordings.State.Select(s => s.File).Prepend(_recordings.Spikes))
        {
            var path = PathOf(file);
            var original = File.ReadAllBytes(path);
            foreach (int n in new[] { 0, 1, 7, original.Length / 2, original.Length - 1 })
            {
                File.WriteAllBytes(path, original[..n]);
                Assert.Contains($"{n} bytes, the manifest says {original.Length} (truncated)", Refused(_recordings, file).Message);
            }
            File.WriteAllBytes(path, [.. original, 0]);
            Assert.Contains("(trailing bytes)", Refused(_recordings, file).Message);
            File.Delete(path);
            Assert.EndsWith("missing (the manifest lists it)", Refused(_recordings, file).Message);
            File.WriteAllBytes(path, original);
        }
        _recordings.ImportInto(_target, _dir);
    }

    /// <summary>Rewrites <paramref name="file"/> changed by <paramref name="change"/>, with its new checksum in the description, and imports.</summary>
    private string RefusedAfter(RecordingFile file, Func<byte[], byte[]> change, Func<CheckpointRecordings, RecordingFile, CheckpointRecordings> describe)
    {
        var path = PathOf(file);
        var original = File.ReadAllBytes(path);
        try
        {
            var bytes = change((byte[])original.Clone());
            File.WriteAllBytes(path, bytes);
            var changed = file with { Length = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
            var message = Refused(describe(_recordings, changed), changed).Message;
            Assert.DoesNotContain("checksum", message);
            return message;
        }
        finally
        {
            File.WriteAllBytes(path, original);
        }
    }

    private string SpikesRefused(Func<byte[], byte[]> change) =>
        RefusedAfter(_recordings.Spikes, change, (r, f) => r with { Spikes = f, SpikeCount = f.Length / 8 });

    private string SeriesRefused(StateRecording series, Func<byte[], byte[]> change, long? samples = null) =>
        RefusedAfter(series.File, change, (r, f) => r with
        {
            State = [.. r.State.Select(s => s.Recorder == series.Recorder ? s with { File = f, Samples = samples ?? s.Samples } : s)],
        });

    /// <summary>The spikes of <paramref name="b"/> with <paramref name="spike"/> added in its place in the order.</summary>
    private static byte[] With(byte[] b, long spike)
    {
        var spikes = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(b).ToArray().Append(spike).Order().ToArray();
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(spikes.AsSpan()).ToArray();
    }

    private static long Long(byte[] b, int index) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(8 * index));
    private static byte[] SetLong(byte[] b, int index, long value) { BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8 * index), value); return b; }

    [Fact]
    public void SpikesOutOfOrderOutsideTheCheckpointOrOfNeuronsNotRecordedAreRefused()
    {
        Assert.Contains("spike 1 ", SpikesRefused(b => SetLong(b, 1, Long(b, 0))));
        Assert.Contains("does not follow the one before it", SpikesRefused(b => { long first = Long(b, 0); SetLong(b, 0, Long(b, 1)); return SetLong(b, 1, first); }));
        int last = (int)_recordings.SpikeCount - 1;
        Assert.Contains($"spike {last} is at step {Step}, outside the steps [0, {Step})",
            SpikesRefused(b => SetLong(b, last, SpikeEvent.Pack(Step, 0))));
        int total = (int)_run.Spec.TotalNeurons;
        Assert.Contains($"has gid {total + 3}, outside the network's [0, {total})", SpikesRefused(b => With(b, SpikeEvent.Pack(250, total + 3))));
        // Gid 40 is the first neuron of 'hidden', which no recorder asks for.
        Assert.Contains("has gid 40, a neuron whose spikes the model does not record", SpikesRefused(b => With(b, SpikeEvent.Pack(250, 40))));
        Assert.Contains("does not follow", SpikesRefused(b => [.. b, .. b[^8..]]));
        // Recordings said to start later than their first spike.
        var ex = Fixture.Refused(() => (_recordings with { FromStep = 200 }).ImportInto(_target, _dir));
        Assert.Contains("outside the steps [200, 500)", ex.Message);
    }

    // A series' chunk: int32 samples, int64 steps, then the values.
    private static int Samples(byte[] b) => BinaryPrimitives.ReadInt32LittleEndian(b);
    private static long StepAt(byte[] b, int i) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(4 + 8 * i));
    private static byte[] SetStep(byte[] b, int i, long step) { BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(4 + 8 * i), step); return b; }

    [Fact]
    public void SeriesWithBadChunksStepsOrSampleCountsAreRefused()
    {
        var every = Series(intervalSteps: 1);
        Assert.True(Samples(File.ReadAllBytes(PathOf(every.File))) >= 3);
        Assert.Contains("the chunk at byte 0 holds 0 samples", SeriesRefused(every, b => { BinaryPrimitives.WriteInt32LittleEndian(b, 0); return b; }));
        Assert.Contains("the chunk at byte 0 holds -5 samples", SeriesRefused(every, b => { BinaryPrimitives.WriteInt32LittleEndian(b, -5); return b; }));
        Assert.Contains("runs past the end of the file", SeriesRefused(every, b => { BinaryPrimitives.WriteInt32LittleEndian(b, int.MaxValue); return b; }));
        Assert.Contains("sample 1 at step 0 does not follow the one before it", SeriesRefused(every, b => SetStep(b, 1, StepAt(b, 0))));
        Assert.Contains($"sample 2 is at step {Step}, outside the steps [0, {Step})", SeriesRefused(every, b => SetStep(b, 2, Step)));
        Assert.Contains("holds more than the", SeriesRefused(every, b => b, samples: every.Samples - 1));
        Assert.Contains($"holds {every.Samples} samples; the manifest says {every.Samples + 1}", SeriesRefused(every, b => b, samples: every.Samples + 1));
        var sparse = Series(intervalSteps: 3);
        Assert.Contains("sample 0 is at step 1, off the recorder's interval of 3 steps", SeriesRefused(sparse, b => SetStep(b, 0, 1)));
    }

    [Fact]
    public void ASeriesOfOtherNeuronsOrOfNoStateRecorderIsRefused()
    {
        var series = Series(intervalSteps: 3);
        var ex = Refused(_recordings with
        {
            State = [.. _recordings.State.Select(s => s.Recorder == series.Recorder ? s with { Neurons = [.. s.Neurons.Skip(1), 39] } : s)],
        }, series.File);
        Assert.Contains($"are not those recorder {series.Recorder} records", ex.Message);
        ex = Refused(_recordings with { State = [.. _recordings.State.Select(s => s.Recorder == series.Recorder ? s with { Recorder = 0 } : s)] }, series.File);
        Assert.Contains("recorder 0 is not a state recorder", ex.Message);
    }
}
