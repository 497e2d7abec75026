using System.Text.Json.Nodes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

public class ResumeTests
{
    [Theory]
    [InlineData(1000, 2, 2)]   // on a window boundary (window = 1 ms = 10 steps)
    [InlineData(1003, 3, 2)]   // mid-window, resumed with another shard count
    [InlineData(1007, 1, 4)]
    [InlineData(1005, 4, 1)]
    public void AFormat2CheckpointResumesUnderAnyCutToTheUninterruptedRun(int checkpointStep, int shardsBefore, int shardsAfter)
    {
        var first = Fixture.RunTo(checkpointStep, shardsBefore);
        var dir = Fixture.Save(first);
        try
        {
            Assert.Equal(CheckpointFormat.Directory2, CheckpointStore.Detect(dir));
            var loaded = CheckpointStore.Load(dir, Fixture.Layout);
            Assert.Equal(checkpointStep, loaded.Step);
            var second = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, shardsAfter), Fixture.Spec.Simulation.Steps, loaded);
            Assert.Equal(Fixture.Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Theory]
    [InlineData(1003, 3, 2)]
    [InlineData(1007, 2, 5)]
    public void EveryShardOfAnotherCutRestoresFromOnlyTheSectionsItNeeds(int checkpointStep, int shardsBefore, int shardsAfter)
    {
        var first = Fixture.RunTo(checkpointStep, shardsBefore);
        var dir = Fixture.Save(first);
        try
        {
            var manifest = CheckpointDirectory.ReadManifest(dir, Fixture.Layout);
            var plan = new NetworkPlan(Fixture.Spec, shardsAfter);
            var second = Fixture.RunRestored(plan, Fixture.Spec.Simulation.Steps, kernel =>
            {
                var held = GidRange.HeldBy(plan, kernel.Index);
                var requested = CheckpointRestore.SectionsFor(manifest, held);
                // Neurons and pending only from parts written by shards that held some of the same gids.
                var overlapping = manifest.Parts.Where(p => p.Gids.Any(g => held.Any(h => h.Start < g.End && g.Start < h.End))).Select(p => p.File).ToHashSet();
                Assert.Equal(overlapping, requested.Where(s => s.Section.Name == CheckpointSections.Neurons).Select(s => s.Part.File).ToHashSet());
                Assert.Equal(manifest.Parts.Select(p => p.File).ToHashSet(), requested.Where(s => s.Section.Name == CheckpointSections.Inflight).Select(s => s.Part.File).ToHashSet());
                var state = CheckpointDirectory.ReadForShard(dir, manifest, Fixture.Layout, held);
                Assert.Equal(kernel.Resources.Neurons, state.Neurons.Count);
                state.RestoreInto(kernel);
            });
            Assert.Equal(Fixture.Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void SectionBytesSentFromElsewhereDecodeToTheSameStateAsTheDirectory()
    {
        var first = Fixture.RunTo(1004, 3);
        var dir = Fixture.Save(first);
        try
        {
            var manifest = CheckpointManifest.Parse(File.ReadAllText(Path.Combine(dir, CheckpointManifest.FileName)), "sent manifest");
            var files = manifest.Parts.ToDictionary(p => p.File, p => File.ReadAllBytes(Path.Combine(dir, p.File)));
            var plan = new NetworkPlan(Fixture.Spec, 2);
            for (int k = 0; k < plan.Shards; k++)
            {
                var held = GidRange.HeldBy(plan, k);
                var asked = new List<SectionRef>();
                var fromBytes = CheckpointRestore.Decode(manifest, Fixture.Layout, held, s =>
                {
                    asked.Add(s);
                    return files[s.Part.File].AsMemory((int)s.Section.Offset, (int)s.Section.Length);
                });
                Assert.Equal(CheckpointRestore.SectionsFor(manifest, held), asked);
                var fromFiles = CheckpointDirectory.ReadForShard(dir, manifest, Fixture.Layout, held);
                Assert.Equal(fromFiles.Neurons.Select(n => (n.Gid, string.Join(",", n.Values))), fromBytes.Neurons.Select(n => (n.Gid, string.Join(",", n.Values))));
                Assert.Equal(fromFiles.Pending, fromBytes.Pending);
                Assert.Equal(fromFiles.Outbox, fromBytes.Outbox);

                // The same restore as the whole checkpoint gives.
                var viaWhole = new ShardKernel(plan, k);
                CheckpointStore.Load(dir, Fixture.Layout).RestoreInto(viaWhole);
                var viaShard = new ShardKernel(plan, k);
                fromBytes.RestoreInto(viaShard);
                Assert.Equal(Describe(viaWhole.Snapshot()), Describe(viaShard.Snapshot()));
            }
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void AStateReadForSomeGidsIsNotRestoredIntoAShardHoldingOthers()
    {
        var dir = Fixture.Save(Fixture.RunTo(500, 2));
        try
        {
            var manifest = CheckpointDirectory.ReadManifest(dir, Fixture.Layout);
            var plan = new NetworkPlan(Fixture.Spec, 2);
            var state = CheckpointDirectory.ReadForShard(dir, manifest, Fixture.Layout, GidRange.HeldBy(plan, 0));
            Assert.Throws<InvalidOperationException>(() => state.RestoreInto(new ShardKernel(plan, 1)));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Theory]
    [InlineData(1000, 2, 2)]
    [InlineData(1003, 3, 2)]
    public void AFormat1FileStillResumesToTheSameSpikes(int checkpointStep, int shardsBefore, int shardsAfter)
    {
        var first = Fixture.RunTo(checkpointStep, shardsBefore);
        var dir = Fixture.TempDir();
        var path = Path.Combine(dir, "old.nackpt");
        try
        {
            var written = Checkpoint.From(Fixture.Spec, first.Select(k => k.Snapshot()));
            Format1Writer.Save(written, path);
            Assert.Equal(CheckpointFormat.File1, CheckpointStore.Detect(path));
            var loaded = CheckpointStore.Load(path, Fixture.Layout);
            Assert.Equal((written.Fingerprint, written.Step, written.DtMs), (loaded.Fingerprint, loaded.Step, loaded.DtMs));
            Assert.Equal(written.Pending, loaded.Pending);
            Assert.Equal(written.Outbox, loaded.Outbox);
            var second = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, shardsAfter), Fixture.Spec.Simulation.Steps, loaded);
            Assert.Equal(Fixture.Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        }
        finally
        {
            Fixture.Delete(dir);
        }
    }

    [Fact]
    public void AWholeLoadOfFormat2EqualsTheMergedSnapshots()
    {
        var first = Fixture.RunTo(1003, 3);
        var dir = Fixture.Save(first);
        try
        {
            var expected = Checkpoint.From(Fixture.Spec, first.Select(k => k.Snapshot()));
            var loaded = CheckpointStore.Load(dir, Fixture.Layout);
            Assert.Equal((expected.Fingerprint, expected.Step, expected.DtMs), (loaded.Fingerprint, loaded.Step, loaded.DtMs));
            Assert.Equal(expected.Neurons.Select(n => (n.Gid, string.Join(",", n.Values.Select(BitConverter.DoubleToInt64Bits)))),
                loaded.Neurons.Select(n => (n.Gid, string.Join(",", n.Values.Select(BitConverter.DoubleToInt64Bits)))));
            Assert.Equal(expected.Pending, loaded.Pending);
            Assert.NotEmpty(loaded.Pending);
            Assert.Equal(expected.Outbox, loaded.Outbox);
            Assert.NotEmpty(loaded.Outbox);
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void TheSessionObjectIsCarriedAsItWasGiven()
    {
        var session = new JsonObject
        {
            ["trial"] = 3,
            ["overrides"] = new JsonObject { ["stimulus"] = "tone \"A\" ü", ["rate_hz"] = 12.5 },
            ["recorders"] = new JsonArray(10, 20, 30),
        };
        var dir = Fixture.Save(Fixture.RunTo(300, 2), session);
        try
        {
            var manifest = CheckpointDirectory.ReadManifest(dir, Fixture.Layout);
            Assert.Equal(session.ToJsonString(), manifest.Session.ToJsonString());
            Assert.Equal(300, manifest.Step);
            Assert.Equal(Fixture.Layout, manifest.Layout);
            Assert.Equal(new[] { "part-0.bin", "part-1.bin" }, manifest.Parts.Select(p => p.File));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    private static string Describe(ShardSnapshot s) =>
        $"{s.Step}|{string.Join(";", s.Neurons.Select(n => n.Gid + ":" + string.Join(",", n.Values.Select(BitConverter.DoubleToInt64Bits))))}" +
        $"|{string.Join(";", s.Pending)}|{string.Join(",", s.Outbox)}";
}
