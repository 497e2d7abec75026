using NeuroActors.Runtime.Cluster;
using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Runtime.Wire;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Tests.Wire;

/// <summary>Messages of every type, awkward values included, and bitwise comparisons.</summary>
public static class WireSamples
{
    /// <summary>A NaN with a payload: only a bit-exact format keeps it.</summary>
    public static readonly double PayloadNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234);

    public static readonly double[] Awkward =
    {
        0.0, -0.0, double.NaN, PayloadNaN, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0_0000_0000_0001)),
        double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, -65.123456789,
    };

    private static readonly Lazy<(ShardSnapshot[] Snapshots, Checkpoint Checkpoint, ShardRecordings[] Results)> Real = new(() =>
    {
        var spec = TestNetworks.Mixed(durationMs: 10);
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 2), 55);
        var snapshots = kernels.Select(k => k.Snapshot()).ToArray();
        var results = kernels.Select(k => new ShardRecordings(k.Index, k.Recordings.Spikes.ToArray(),
            k.Recordings.Probes.Select(p => RecordedState.From(p, spec.Recorders.ToList().IndexOf(p.Recorder))).ToArray())).ToArray();
        return (snapshots, Checkpoint.From(spec, snapshots), results);
    });

    public static ShardSnapshot RealSnapshot => Real.Value.Snapshots[0];

    public static Checkpoint RealCheckpoint => Real.Value.Checkpoint;

    /// <summary>Shard 0's part of a checkpoint of a real run, and a manifest listing the parts of both shards.</summary>
    public static (EncodedPart Part, CheckpointManifest Manifest) RealPart => RealParts.Value;

    private static readonly Lazy<(EncodedPart, CheckpointManifest)> RealParts = new(() =>
    {
        var layout = CheckpointLayout.Of(TestNetworks.Mixed(durationMs: 10));
        var parts = Real.Value.Snapshots.Select((s, k) => PartCodec.Encode(layout, k, s)).ToArray();
        return (parts[0], CheckpointManifest.Create(layout, parts[0].Entry.Step, parts.Select(p => p.Entry)));
    });

    public static ShardRecordings RealRecordings => Real.Value.Results.First(r => r.States.Count > 0);

    public static ShardSnapshot AwkwardSnapshot => new(123_456_789_012L,
        new[] { new NeuronState(0, Awkward), new NeuronState(int.MaxValue, Array.Empty<double>()), new NeuronState(70_000, new[] { -0.0 }) },
        Awkward.Select((v, i) => new PendingInput(i * 1000, (byte)(i % 2), long.MaxValue - i, v)).ToArray(),
        new[] { long.MinValue, -1L, 0L, SpikeEvent.Pack(5, 17), long.MaxValue });

    public static RecordedState AwkwardState => new(3, new[] { 0, 17, 39 }, new long[] { 9, 19, long.MaxValue },
        new[]
        {
            new[] { new[] { 0.0, -0.0, PayloadNaN }, new[] { 1.0, 2.0, 3.0 }, new[] { double.NaN, double.Epsilon, -1e300 } },
            new[] { new[] { 4.0, 5.0, 6.0 }, new[] { -0.0, -0.0, -0.0 }, new[] { 7.0, 8.0, 9.0 } },
        });

    public static SpikePacket Packet(int spikes, int seed = 1, int maxGid = 100_000, int window = 10)
    {
        var random = new Random(seed);
        var keys = new uint[spikes];
        var offsets = new int[spikes];
        for (int i = 0; i < spikes; i++)
        {
            offsets[i] = window * i / Math.Max(1, spikes);
            keys[i] = (uint)random.Next(maxGid);
        }
        return new SpikePacket(42 + seed, seed % 7, keys, offsets);
    }

    /// <summary>One or more messages of every wire type, with their manifest.</summary>
    public static IEnumerable<(string Manifest, object Message)> All(IActorRef[] shards)
    {
        yield return (WireManifests.SpikePacket, new SpikePacket(0, 0, Array.Empty<uint>(), Array.Empty<int>()));
        yield return (WireManifests.SpikePacket, new SpikePacket(long.MaxValue, int.MaxValue, new uint[] { 0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue }, new[] { 0, 1, 2, 3, 127, 128, 300, int.MaxValue }));
        yield return (WireManifests.SpikePacket, Packet(500));
        yield return (WireManifests.SpikePacketChunk, new SpikePacketChunk(7, 2, 1, 3, new[] { 5u, 6u }, new[] { 0, 9 }));
        yield return (WireManifests.BuildShard, new BuildShard());
        yield return (WireManifests.BuildShard, new BuildShard(RealPart.Manifest.ToJson()));
        yield return (WireManifests.BuildShard, new BuildShard(RealPart.Manifest.ToJson(), "/shared/checkpoints/checkpoint-50ms — ünïcode"));
        yield return (WireManifests.CheckpointBytes, new CheckpointBytes(0, 0, []));
        yield return (WireManifests.CheckpointBytes, new CheckpointBytes(5, long.MaxValue, RealPart.Part.Bytes));
        yield return (WireManifests.CheckpointPart, new CheckpointPart(3, 1 << 20, RealPart.Part.Bytes, null));
        yield return (WireManifests.CheckpointPart, new CheckpointPart(0, 0, [], RealPart.Part.Entry));
        yield return (WireManifests.CheckpointPart, new CheckpointPart(int.MaxValue, long.MaxValue, [0, 255],
            new PartEntry("part-7.bin", 7, long.MaxValue, [new GidRange(0, 0), new GidRange(int.MaxValue - 1, int.MaxValue)], [])));
        yield return (WireManifests.ShardRefused, new ShardRefused(2, "checkpoint: section 'neurons' of part-1.bin: checksum mismatch — ünïcode"));
        yield return (WireManifests.ShardBuilt, new ShardBuilt(3, 1_000_000, 10_000_000_000L, 80_000_000_000L, 12345));
        yield return (WireManifests.ShardBuilt, new ShardBuilt(0, 7, 0, 0, 0, new Dictionary<string, double> { ["rounded_weights"] = 12, ["é"] = -0.0, ["tiny"] = double.Epsilon }));
        yield return (WireManifests.RunSegment, new RunSegment(20_000, shards, PacketsPerWindow: 3));
        yield return (WireManifests.RunSegment, new RunSegment(0, Array.Empty<IActorRef>()));
        yield return (WireManifests.ShardProgress, new ShardProgress(6, 987_654_321_000L));
        yield return (WireManifests.SegmentDone, new SegmentDone(1, 2000, 1.25, -0.0, new ShardTraffic(1, 2, 3, 4, 5, long.MaxValue, 6, 7, [8, 0, long.MaxValue])));
        yield return (WireManifests.SegmentDone, new SegmentDone(0, 0, double.NaN, PayloadNaN, ShardTraffic.None));
        yield return (WireManifests.CollectResults, new CollectResults());
        yield return (WireManifests.ShardRecordings, new ShardRecordings(4, new[] { SpikeEvent.Pack(1, 2), SpikeEvent.Pack(3, int.MaxValue) }, new[] { AwkwardState, new RecordedState(0, new[] { 5 }, Array.Empty<long>(), new[] { new[] { Array.Empty<double>() } }) }));
        yield return (WireManifests.ShardRecordings, RealRecordings);
        yield return (WireManifests.ShardRecordings, new ShardRecordings(0, Array.Empty<long>(), Array.Empty<RecordedState>()));
        // A shard's own storage, handed over: only the first SpikeCount spikes travel.
        yield return (WireManifests.ShardRecordings, new ShardRecordings(2, new[] { SpikeEvent.Pack(4, 1), SpikeEvent.Pack(5, 0), -1L }, Array.Empty<RecordedState>(), SpikeCount: 2));
        yield return (WireManifests.ShardWeightRecords, new ShardWeightRecords(3, [0, 7, long.MaxValue], [0, 2, int.MaxValue], [1, 0, 5], [9, int.MaxValue, 0], [0.25f, -0.0f, BitConverter.Int32BitsToSingle(0x7fc00123)]));
        yield return (WireManifests.ShardWeightRecords, new ShardWeightRecords(0, [], [], [], [], []));
        yield return (WireManifests.ShardResults, new ShardResults(4, 2, long.MaxValue));
        yield return (WireManifests.ShardResults, new ShardResults(0, 0, 0));
        yield return (WireManifests.ShardResults, new ShardResults(1, 5, 9, new Dictionary<string, long> { ["loihi.synaptic_ops"] = 9, ["a"] = long.MaxValue }));
        var spec = NeuroActors.Kernel.Tests.TestNetworks.Mixed();
        var cut = NeuroActors.Routing.ShardCut.Equal(spec, 3).Slices.Select(s => s.ToArray()).ToArray();
        yield return (WireManifests.HostShards, new HostShards("run-1", NeuroActors.Model.SpecJson.Serialize(spec), "0123456789ABCDEF", cut, [0, 2], [0, 1, 0], 2));
        yield return (WireManifests.HostShards, new HostShards("", "", "", [], [], [], 0));
        yield return (WireManifests.ShardsHosted, new ShardsHosted("run-1", Enumerable.Range(0, shards.Length).ToArray(), shards, 17L << 30));
        yield return (WireManifests.HostRefused, new HostRefused("run-1", "akka.tcp://neuroactors@127.0.0.1:4053", "busy with run 7 — ünïcode"));
        yield return (WireManifests.ReleaseShards, new ReleaseShards("run-1"));
        yield return (WireManifests.ReportNodeStats, new ReportNodeStats("run-1"));
        yield return (WireManifests.NodeStats, new NodeStats("run-1", "akka.tcp://neuroactors@127.0.0.1:4053", 0.125, 3));
        yield return (WireManifests.KeepSnapshot, new KeepSnapshot("trial start — ünïcode"));
        yield return (WireManifests.KeepSnapshot, new KeepSnapshot(""));
        yield return (WireManifests.SnapshotKept, new SnapshotKept(3, "start", 1_000_000, [SpikeEvent.Pack(999_990, 7), SpikeEvent.Pack(999_999, int.MaxValue)], 123_456_789_012, long.MaxValue));
        yield return (WireManifests.SnapshotKept, new SnapshotKept(0, "", 0, [], 0, 0));
        yield return (WireManifests.RestoreSnapshot, new RestoreSnapshot("start", [SpikeEvent.Pack(5, 1), long.MaxValue]));
        yield return (WireManifests.RestoreSnapshot, new RestoreSnapshot("x", []));
        yield return (WireManifests.DropSnapshot, new DropSnapshot("start"));
        yield return (WireManifests.SaveSnapshot, new SaveSnapshot("\u0001checkpoint"));
        yield return (WireManifests.SaveSnapshot, new SaveSnapshot("end", "/shared/checkpoints/checkpoint-50ms"));
        yield return (WireManifests.ShardRestored, new ShardRestored(int.MaxValue, long.MaxValue));
        yield return (WireManifests.ResetShard, new ResetShard(0));
        yield return (WireManifests.ResetShard, new ResetShard(int.MaxValue));
        yield return (WireManifests.SetShardTrial, new SetShardTrial(7));
        yield return (WireManifests.SetShardParameter, new SetShardParameter(2, "i_e", [200.0, -0.0, PayloadNaN]));
        yield return (WireManifests.SetShardParameter, new SetShardParameter(0, "", []));
        yield return (WireManifests.SetShardRates, new SetShardRates(1, [8000, 0, double.PositiveInfinity]));
        yield return (WireManifests.SetShardSpikeTimes, new SetShardSpikeTimes(3, [[0.1, 5, 1e9], [], [double.NaN]]));
        yield return (WireManifests.SetShardSpikeTimes, new SetShardSpikeTimes(0, []));
        yield return (WireManifests.ShardChanged, new ShardChanged(4, null));
        yield return (WireManifests.ShardChanged, new ShardChanged(0, "population 'exc': parameter 'tau' is not one of: i_e, tau_m — ünïcode"));
        yield return (WireManifests.GetShardWeights, new GetShardWeights(7));
        yield return (WireManifests.WeightChunk, new WeightChunk(1, 2, [0, int.MaxValue], [5, 6], [0.1f, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001))], [15, 0], true));
        yield return (WireManifests.WeightChunk, new WeightChunk(0, 0, [], [], [], [], false));
        var block = new NeuroActors.Runtime.Training.TensorBlock(["layer1.weight", "readout.bias — ünïcode"], [[2, 3], [4]], 8, 3, 10,
            Bits(new[] { 0.5, -0.0, PayloadNaN, double.Epsilon }).SelectMany(BitConverter.GetBytes).ToArray());
        var floats = new NeuroActors.Runtime.Training.TensorBlock(["w"], [[]], 4, 0, 1, BitConverter.GetBytes(BitConverter.Int32BitsToSingle(0x7fc00123)));
        var empty = new NeuroActors.Runtime.Training.TensorBlock([], [], 4, 0, 0, []);
        var stats = new NeuroActors.Training.ChunkStats(PayloadNaN, 3, 5, [0, long.MaxValue]);
        yield return (WireManifests.TrainingParameters, new NeuroActors.Runtime.Training.TrainingParameters(long.MaxValue, 2, block));
        yield return (WireManifests.TrainingParameters, new NeuroActors.Runtime.Training.TrainingParameters(0, 0, empty));
        yield return (WireManifests.TrainEpoch, new NeuroActors.Runtime.Training.TrainEpoch(long.MaxValue, 7, true, 2, ulong.MaxValue, 128, 32, 8000, 1,
            [shards[0], shards[1]], 2e-3, long.MaxValue));
        yield return (WireManifests.TrainEpoch, new NeuroActors.Runtime.Training.TrainEpoch(0, 0, false, 0, 0, 1, 1, 0, 0, [shards[0]], 0, 0));
        yield return (WireManifests.EvaluateChunk, new NeuroActors.Runtime.Training.EvaluateChunk(9, 8, 7, 6, [5, 4]));
        yield return (WireManifests.ChunkGradient, new NeuroActors.Runtime.Training.ChunkGradient(12, 62, 3, 5, stats, floats));
        yield return (WireManifests.ChunkGradient, new NeuroActors.Runtime.Training.ChunkGradient(0, 0, 0, 1, new NeuroActors.Training.ChunkStats(-0.0, 0, 0, []), block));
        yield return (WireManifests.BatchStepped, new NeuroActors.Runtime.Training.BatchStepped(long.MaxValue, 62, long.MaxValue, stats, ulong.MaxValue));
        yield return (WireManifests.BatchStepped, new NeuroActors.Runtime.Training.BatchStepped(0, 0, 0, new NeuroActors.Training.ChunkStats(-0.0, 0, 0, []), 0x8000_0000_0000_0001));
        yield return (WireManifests.EpochTrained, new NeuroActors.Runtime.Training.EpochTrained(long.MaxValue, 630, long.MaxValue, 0xFEDC_BA98_7654_3210));
        yield return (WireManifests.EpochTrained, new NeuroActors.Runtime.Training.EpochTrained(0, 0, 0, 0));
        yield return (WireManifests.GradientLinkOffer, new NeuroActors.Runtime.Training.GradientLinkOffer("127.0.0.1", 65_535, Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()));
        yield return (WireManifests.GradientLinkOffer, new NeuroActors.Runtime.Training.GradientLinkOffer("node-ü.example", 1, new byte[32]));
        yield return (WireManifests.ChunkEvaluated, new NeuroActors.Runtime.Training.ChunkEvaluated(3, stats, [0, 2, 1]));
        yield return (WireManifests.TrainingWorkFailed, new NeuroActors.Runtime.Training.TrainingWorkFailed(4, "chunk 2 of batch 1: the engine broke — ünïcode"));
        yield return (WireManifests.TrainingWorkFailed, new NeuroActors.Runtime.Training.TrainingWorkFailed(NeuroActors.Runtime.Training.TrainingWorkFailed.TrainingTask, "epoch 3: the training set differs"));
        yield return (WireManifests.HostTrainingWorker, new NeuroActors.Runtime.Training.HostTrainingWorker("train-1",
            NeuroActors.Training.TrainingSpecJson.Serialize(NeuroActors.Runtime.Tests.Training.TestTraining.Spec()), "/data/configs — ünïcode"));
        yield return (WireManifests.TrainingWorkerHosted, new NeuroActors.Runtime.Training.TrainingWorkerHosted("train-1", shards[1]));
    }

    public static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Asserts that two messages carry the same data, doubles compared bit for bit.</summary>
    public static void AssertSame(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case SpikePacket e:
                var a = (SpikePacket)actual;
                Assert.Equal((e.Number, e.SourceShard), (a.Number, a.SourceShard));
                Assert.Equal(e.Keys, a.Keys);
                Assert.Equal(e.Offsets, a.Offsets);
                break;
            case SpikePacketChunk e:
                var c = (SpikePacketChunk)actual;
                Assert.Equal((e.Number, e.SourceShard, e.Index, e.Count), (c.Number, c.SourceShard, c.Index, c.Count));
                Assert.Equal(e.Keys, c.Keys);
                Assert.Equal(e.Offsets, c.Offsets);
                break;
            case ShardResults e:
                var results = (ShardResults)actual;
                Assert.Equal((e.Shard, e.SpikeCount, e.EventCount), (results.Shard, results.SpikeCount, results.EventCount));
                Assert.Equal(e.Counters?.OrderBy(c => c.Key, StringComparer.Ordinal), results.Counters?.OrderBy(c => c.Key, StringComparer.Ordinal));
                break;
            case CheckpointBytes e:
                var cb = (CheckpointBytes)actual;
                Assert.Equal((e.Section, e.Offset), (cb.Section, cb.Offset));
                Assert.Equal(e.Bytes, cb.Bytes);
                break;
            case CheckpointPart e:
                var cp = (CheckpointPart)actual;
                Assert.Equal((e.Shard, e.Offset, e.Entry), (cp.Shard, cp.Offset, cp.Entry));
                Assert.Equal(e.Bytes, cp.Bytes);
                break;
            case RunSegment e:
                var r = (RunSegment)actual;
                Assert.Equal((e.EndStep, e.PacketsPerWindow), (r.EndStep, r.PacketsPerWindow));
                Assert.Equal(e.Shards, r.Shards);
                Assert.Equal(e.Shards.Select(s => s.Path.Uid), r.Shards.Select(s => s.Path.Uid));
                break;
            case ShardBuilt e:
                var sb = (ShardBuilt)actual;
                Assert.Equal(e with { Figures = null }, sb with { Figures = null });
                Assert.Equal((e.Figures ?? new Dictionary<string, double>()).OrderBy(f => f.Key).Select(f => (f.Key, BitConverter.DoubleToInt64Bits(f.Value))),
                    sb.Figures!.OrderBy(f => f.Key).Select(f => (f.Key, BitConverter.DoubleToInt64Bits(f.Value))));
                break;
            case SegmentDone e:
                var d = (SegmentDone)actual;
                Assert.Equal((e.Shard, e.Step), (d.Shard, d.Step));
                Assert.Equal(Bits(new[] { e.ComputeSeconds, e.WaitSeconds }), Bits(new[] { d.ComputeSeconds, d.WaitSeconds }));
                Assert.Equal(e.Traffic with { LateSpikesBySource = null }, d.Traffic with { LateSpikesBySource = null });
                Assert.Equal(e.Traffic.LateSpikesBySource ?? [], d.Traffic.LateSpikesBySource);
                break;
            case ShardRecordings e:
                var x = (ShardRecordings)actual;
                Assert.Equal(e.Shard, x.Shard);
                Assert.Equal(e.RecordedSpikes.ToArray(), x.RecordedSpikes.ToArray());
                Assert.Equal(e.States.Count, x.States.Count);
                for (int i = 0; i < e.States.Count; i++)
                {
                    Assert.Equal(e.States[i].RecorderIndex, x.States[i].RecorderIndex);
                    Assert.Equal(e.States[i].Neurons, x.States[i].Neurons);
                    Assert.Equal(e.States[i].Steps, x.States[i].Steps);
                    Assert.Equal(e.States[i].Values.Length, x.States[i].Values.Length);
                    for (int v = 0; v < e.States[i].Values.Length; v++)
                    {
                        Assert.Equal(e.States[i].Values[v].Length, x.States[i].Values[v].Length);
                        for (int n = 0; n < e.States[i].Values[v].Length; n++)
                            Assert.Equal(Bits(e.States[i].Values[v][n]), Bits(x.States[i].Values[v][n]));
                    }
                }
                break;
            case HostShards e:
                var h = (HostShards)actual;
                Assert.Equal((e.RunId, e.ModelJson, e.Fingerprint), (h.RunId, h.ModelJson, h.Fingerprint));
                Assert.Equal(e.Cut.Select(k => k.ToList()), h.Cut.Select(k => k.ToList()));
                Assert.Equal(e.ShardIds, h.ShardIds);
                Assert.Equal(e.NodeOfShard, h.NodeOfShard);
                Assert.Equal(e.Nodes, h.Nodes);
                break;
            case ShardsHosted e:
                var o = (ShardsHosted)actual;
                Assert.Equal(e.RunId, o.RunId);
                Assert.Equal(e.ShardIds, o.ShardIds);
                Assert.Equal(e.Shards.Select(r => r.Path), o.Shards.Select(r => r.Path));
                Assert.Equal(e.MemoryBytes, o.MemoryBytes);
                break;
            case SnapshotKept e:
                var k = (SnapshotKept)actual;
                Assert.Equal((e.Shard, e.Id, e.Step, e.SpikeCount, e.EventCount), (k.Shard, k.Id, k.Step, k.SpikeCount, k.EventCount));
                Assert.Equal(e.Inflight, k.Inflight);
                break;
            case SetShardParameter e:
                var sp = (SetShardParameter)actual;
                Assert.Equal((e.Population, e.Parameter), (sp.Population, sp.Parameter));
                Assert.Equal(Bits(e.Values), Bits(sp.Values));
                break;
            case SetShardRates e:
                var sr = (SetShardRates)actual;
                Assert.Equal(e.Stimulus, sr.Stimulus);
                Assert.Equal(Bits(e.RatesHz), Bits(sr.RatesHz));
                break;
            case SetShardSpikeTimes e:
                var st = (SetShardSpikeTimes)actual;
                Assert.Equal(e.Population, st.Population);
                Assert.Equal(e.TimesMs.Select(Bits), st.TimesMs.Select(Bits));
                break;
            case WeightChunk e:
                var wc = (WeightChunk)actual;
                Assert.Equal((e.Shard, e.Projection, e.Last), (wc.Shard, wc.Projection, wc.Last));
                Assert.Equal(e.Source, wc.Source);
                Assert.Equal(e.Target, wc.Target);
                Assert.Equal(e.Weight.Select(BitConverter.SingleToInt32Bits), wc.Weight.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(e.DelaySteps, wc.DelaySteps);
                break;
            case RestoreSnapshot e:
                var rs = (RestoreSnapshot)actual;
                Assert.Equal(e.Id, rs.Id);
                Assert.Equal(e.Inflight, rs.Inflight);
                break;
            case ShardWeightRecords e:
                var wr = (ShardWeightRecords)actual;
                Assert.Equal(e.Shard, wr.Shard);
                Assert.Equal(e.Steps, wr.Steps);
                Assert.Equal(e.Projections, wr.Projections);
                Assert.Equal(e.Sources, wr.Sources);
                Assert.Equal(e.Targets, wr.Targets);
                Assert.Equal(e.Weights.Select(BitConverter.SingleToInt32Bits), wr.Weights.Select(BitConverter.SingleToInt32Bits));
                break;
            case NeuroActors.Runtime.Training.TrainingParameters e:
                var tp = (NeuroActors.Runtime.Training.TrainingParameters)actual;
                Assert.Equal(e.Version, tp.Version);
                Assert.Equal(e.Set, tp.Set);
                AssertSameBlock(e.Block, tp.Block);
                break;
            case NeuroActors.Runtime.Training.TrainEpoch e:
                var te = (NeuroActors.Runtime.Training.TrainEpoch)actual;
                Assert.Equal(e with { Workers = [] }, te with { Workers = [] });
                Assert.Equal(e.Workers.Select(w => w.Path), te.Workers.Select(w => w.Path));
                break;
            case NeuroActors.Runtime.Training.EvaluateChunk e:
                var ec = (NeuroActors.Runtime.Training.EvaluateChunk)actual;
                Assert.Equal(e with { Samples = [] }, ec with { Samples = [] });
                Assert.Equal(e.Samples, ec.Samples);
                break;
            case NeuroActors.Runtime.Training.ChunkGradient e:
                var cg = (NeuroActors.Runtime.Training.ChunkGradient)actual;
                Assert.Equal((e.Attempt, e.Batch, e.First, e.End), (cg.Attempt, cg.Batch, cg.First, cg.End));
                AssertSameStats(e.Stats, cg.Stats);
                AssertSameBlock(e.Block, cg.Block);
                break;
            case NeuroActors.Runtime.Training.BatchStepped e:
                var bs = (NeuroActors.Runtime.Training.BatchStepped)actual;
                Assert.Equal((e.Attempt, e.Batch, e.Version, e.Fingerprint), (bs.Attempt, bs.Batch, bs.Version, bs.Fingerprint));
                AssertSameStats(e.Stats, bs.Stats);
                break;
            case NeuroActors.Runtime.Training.GradientLinkOffer e:
                var gl = (NeuroActors.Runtime.Training.GradientLinkOffer)actual;
                Assert.Equal((e.Host, e.Port), (gl.Host, gl.Port));
                Assert.Equal(e.Token, gl.Token);
                break;
            case NeuroActors.Runtime.Training.ChunkEvaluated e:
                var ce = (NeuroActors.Runtime.Training.ChunkEvaluated)actual;
                Assert.Equal(e.Task, ce.Task);
                AssertSameStats(e.Stats, ce.Stats);
                Assert.Equal(e.Predictions, ce.Predictions);
                break;
            case NeuroActors.Runtime.Training.TrainingWorkerHosted e:
                var th = (NeuroActors.Runtime.Training.TrainingWorkerHosted)actual;
                Assert.Equal(e.RunId, th.RunId);
                Assert.Equal(e.Worker.Path, th.Worker.Path);
                break;
            default:
                Assert.Equal(expected, actual); // records of value fields
                break;
        }
    }

    private static void AssertSameState(IReadOnlyList<NeuronState> en, IReadOnlyList<PendingInput> ep, long[] eo,
        IReadOnlyList<NeuronState> an, IReadOnlyList<PendingInput> ap, long[] ao)
    {
        Assert.Equal(en.Select(n => n.Gid), an.Select(n => n.Gid));
        for (int i = 0; i < en.Count; i++) Assert.Equal(Bits(en[i].Values), Bits(an[i].Values));
        Assert.Equal(ep.Select(p => (p.Gid, p.Receptor, p.Step, BitConverter.DoubleToInt64Bits(p.Value))),
            ap.Select(p => (p.Gid, p.Receptor, p.Step, BitConverter.DoubleToInt64Bits(p.Value))));
        Assert.Equal(eo, ao);
    }

    private static void AssertSameBlock(NeuroActors.Runtime.Training.TensorBlock e, NeuroActors.Runtime.Training.TensorBlock a)
    {
        Assert.Equal(e.Names, a.Names);
        Assert.Equal(e.Shapes, a.Shapes);
        Assert.Equal((e.ElementBytes, e.Offset, e.Total), (a.ElementBytes, a.Offset, a.Total));
        Assert.Equal(e.Bytes, a.Bytes);
    }

    private static void AssertSameStats(NeuroActors.Training.ChunkStats e, NeuroActors.Training.ChunkStats a)
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(e.LossSum), BitConverter.DoubleToInt64Bits(a.LossSum));
        Assert.Equal((e.Correct, e.Samples), (a.Correct, a.Samples));
        Assert.Equal(e.SpikesPerLayer, a.SpikesPerLayer);
    }
}
