using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

/// <summary>The coordinator over the real engine, optimizer, schedule and Randman: the wiring the CLI uses.</summary>
public sealed class RealEngineTrainingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"na-train-real-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static TrainingSpec Spec() => new(
        new DatasetSpec(DatasetKind.Randman, new RandmanSpec(Classes: 3, Units: 20, Steps: 20, SamplesPerClass: 20), null, 0.25, 5),
        new TrainingNetworkSpec(20, [new LifLayerSpec(16, 0.9, 0, 1, ResetMode.Subtract, ResetTiming.PreviousStep, true, true, false, true, true, null, new WeightInit())],
            new ReadoutSpec(3, 0.9, 0, true, new WeightInit()), new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
            new LossSpec(LossKind.CrossEntropyMaxMembrane), new RegularizerSpec(L1: 1e-4)),
        new OptimizerSpec(OptimizerKind.Adam, 2e-3, Schedule: new ScheduleSpec(ScheduleKind.Cosine)), 16, 3, 4, 42, "real");

    private static TrainingComponents<float> Components(List<ulong> steps) => new(
        s => DatasetLoader.Load(s.Dataset, "."),
        s => new GradientEngine<float>(s.Network),
        s => NetworkInit.Create<float>(s.Network, s.Seed),
        (s, p) => Optimizers.Create(s.Optimizer, p),
        (s, e, n) => LearningRates.At(s.Optimizer, e, n))
    {
        Constrain = p => ParameterConstraints.Apply(Spec().Network, p),
        AfterStep = (_, fingerprint) => steps.Add(fingerprint),
    };

    private static async Task<(TrainingResult<float> Result, List<ulong> Steps)> Run(TrainingRunOptions options)
    {
        var steps = new List<ulong>();
        var result = await TrainingRun.RunAsync(Spec(), options with { Config = TestTraining.Strict }, Components(steps),
            new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
        return (result, steps);
    }

    [Fact]
    public async Task One_and_three_workers_and_a_resume_give_the_same_bits_with_the_real_engine()
    {
        var one = await Run(new TrainingRunOptions { Workers = 1, CheckpointDirectory = _dir });
        var three = await Run(new TrainingRunOptions { Workers = 3 });
        Assert.Equal(3 * 3, one.Steps.Count); // 45 training samples, batch 16
        Assert.Equal(one.Steps, three.Steps);
        // Resumed from the checkpoint after epoch 2 (the cosine schedule spans the run's 3 epochs, so the run that wrote
        // it must have been a 3-epoch run too): the last epoch again, to the same bits.
        var resumed = await Run(new TrainingRunOptions { Workers = 2, ResumeFrom = TrainingCheckpointFiles.DirectoryFor(_dir, 2) });
        Assert.Equal(one.Steps.Skip(6), resumed.Steps);
        Assert.Equal(one.Result.TestPredictions, resumed.Result.TestPredictions);
        Assert.All(one.Result.Epochs, r => Assert.True(r.SpikesPerSample[0] > 0));
    }
}
