using NeuroActors.Runtime.Training;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"na-train-ck-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Three_epochs_equal_two_and_a_resumed_one_bit_for_bit()
    {
        var spec = TestTraining.Spec(epochs: 3);
        var straight = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 2 });

        var first = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 3, Epochs = 2, CheckpointDirectory = _dir });
        Assert.True(File.Exists(Path.Combine(_dir, "epoch-0001", TrainingCheckpointFiles.FileName)));
        Assert.True(File.Exists(Path.Combine(_dir, "epoch-0002", TrainingCheckpointFiles.FileName)));
        // Resumed from the directory of checkpoints (the latest is taken), on another number of workers.
        var resumed = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 1, ResumeFrom = _dir });

        Assert.Equal(straight.Steps, first.Steps.Concat(resumed.Steps));
        Assert.Equal(TestTraining.Hash(straight.Result.Parameters), TestTraining.Hash(resumed.Result.Parameters));
        Assert.Equal(15, resumed.Result.Steps);
        // The resumed run's reports hold the checkpoint's epochs and its own.
        Assert.Equal([0, 1, 2], resumed.Result.Epochs.Select(r => r.Epoch));
        Assert.Equal(straight.Result.Epochs.Select(r => (r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestAccuracy, r.LearningRate, r.Steps)),
            resumed.Result.Epochs.Select(r => (r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestAccuracy, r.LearningRate, r.Steps)));
        Assert.Equal(straight.Result.TestPredictions, resumed.Result.TestPredictions);
        Assert.Single(resumed.Listener.Epochs);
    }

    [Fact]
    public async Task Without_the_optimizer_state_a_resume_would_differ()
    {
        // The test above can fail: resuming with the parameters alone (momentum lost) gives other bits.
        var spec = TestTraining.Spec(epochs: 2);
        var straight = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 2 });
        await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Epochs = 1, CheckpointDirectory = _dir });
        var file = Path.Combine(_dir, "epoch-0001", TrainingCheckpointFiles.FileName);
        var saved = TrainingCheckpointFiles.Read<float>(file, spec);
        var wiped = saved with { OptimizerState = saved.OptimizerState.Select(s => s.ZerosLike()).ToList() };
        TrainingCheckpointFiles.Write(Path.Combine(_dir, "wiped"), wiped);
        var resumed = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { ResumeFrom = Path.Combine(_dir, "wiped") });
        Assert.NotEqual(TestTraining.Hash(straight.Result.Parameters), TestTraining.Hash(resumed.Result.Parameters));
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_refused_in_one_line()
    {
        var spec = TestTraining.Spec(epochs: 1);
        await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { CheckpointDirectory = _dir });
        var file = Path.Combine(_dir, "epoch-0001", TrainingCheckpointFiles.FileName);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(TestTraining.Hash(TrainingCheckpointFiles.Read<float>(file, spec).Parameters),
            TestTraining.Hash(TrainingCheckpointFiles.Decode<float>(bytes, file).Parameters));

        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        var ex = await Assert.ThrowsAsync<CheckpointException>(() =>
            TrainingRun.RunAsync(spec with { Epochs = 2 }, new TrainingRunOptions { ResumeFrom = _dir }, TestTraining.Components<float>()));
        Assert.Contains("checksum mismatch", ex.Message);
        Assert.Contains(file, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);

        File.WriteAllBytes(file, bytes[..(bytes.Length - 40)]);
        ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<float>(_dir, spec));
        Assert.Contains("checksum mismatch", ex.Message);
        File.WriteAllBytes(file, "not a checkpoint"u8.ToArray());
        ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<float>(_dir, spec));
        Assert.Contains("not a NeuroActors training checkpoint", ex.Message);
        ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<float>(Path.Combine(_dir, "nowhere"), spec));
        Assert.Contains("no such file or directory", ex.Message);
    }

    [Fact]
    public async Task A_checkpoint_of_another_config_or_precision_is_refused_naming_what_differs()
    {
        var spec = TestTraining.Spec(epochs: 1);
        await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { CheckpointDirectory = _dir });
        var ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<float>(_dir, spec with { BatchSize = 8 }));
        Assert.Contains("batch_size is 16, the config's 8", ex.Message);
        ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<float>(_dir, spec with { Seed = 8 }));
        Assert.Contains("seed is 7, the config's 8", ex.Message);
        ex = Assert.Throws<CheckpointException>(() => TrainingCheckpointFiles.Read<double>(_dir, spec));
        Assert.Contains("32-bit values; the run's precision is 64-bit", ex.Message);
        // More epochs, or another name, are the same config.
        Assert.Equal(1, TrainingCheckpointFiles.Read<float>(_dir, spec with { Epochs = 9, Name = "other" }).Epochs);
    }
}
