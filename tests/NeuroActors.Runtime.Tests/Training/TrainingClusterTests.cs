using Akka.Actor;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Tests.Cluster;
using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

/// <summary>
/// Training on a real cluster of ActorSystems on 127.0.0.1 (every message serialized, also inside one system): the
/// workers are hosted by the nodes' agents, which build their data and engine from the config themselves.
/// </summary>
public class TrainingClusterTests
{
    private static CancellationToken NoHang => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;

    static TrainingClusterTests()
    {
        // What a node process registers at start-up (the CLI with the real engine): here the test engine, by precision.
        TrainingHosting.Register((spec, dir, system) => spec.Network.Precision == Precision.Float32
            ? TrainingWorker<float>.Props(spec, TestTraining.Components<float>(), () => TestTraining.Data(spec), system)
            : TrainingWorker<double>.Props(spec, TestTraining.Components<double>(), () => TestTraining.Data(spec), system));
    }

    private static async Task<(TrainingResult<float> Result, List<ulong> Steps)> OnCluster(LoopbackCluster cluster, ActorSystem coordinator, TrainingSpec spec,
        int nodes, ITrainingListener? listener = null)
    {
        var steps = new List<ulong>();
        var result = await TrainingRun.RunAsync(spec, new TrainingRunOptions { Cluster = coordinator, Nodes = nodes, Listener = listener },
            TestTraining.Components<float>((_, fingerprint) => steps.Add(fingerprint)), NoHang);
        return (result, steps);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_and_three_nodes_give_the_parameters_of_one_process_after_every_step(bool directGradients)
    {
        // With the direct link (the default) and through Akka.Remote alone.
        var spec = TestTraining.Spec(epochs: 2);
        var reference = TestTraining.Reference<float>(spec, 2);
        await using var cluster = new LoopbackCluster(3, $"{GradientLink.Setting} = {(directGradients ? "on" : "off")}");
        var coordinator = cluster.Coordinator();
        var three = await OnCluster(cluster, coordinator, spec, 3);
        Assert.Equal(reference, three.Steps);
        // The nodes released the first run's workers: a second run on two of them goes as well.
        var two = await OnCluster(cluster, coordinator, spec, 2);
        Assert.Equal(reference, two.Steps);
        var local = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 1 });
        Assert.Equal(local.Result.TestPredictions, two.Result.TestPredictions);
        Assert.Equal(local.Result.Epochs.Select(r => (r.TrainLoss, r.TestLoss)), two.Result.Epochs.Select(r => (r.TrainLoss, r.TestLoss)));
    }

    [Fact]
    public async Task Parameters_larger_than_a_block_cross_the_wire_in_blocks_bit_for_bit()
    {
        // The network's 39 doubles fit one block; a padding tensor of 20,000 doubles (160 kB) makes the set span three.
        var spec = TestTraining.Spec(epochs: 1, precision: Precision.Float64);
        var big = TestTraining.Initial<double>(spec);
        var wide = new ParameterSet<double>([new ParameterTensor<double>("readout.weight", [3, 12], big["readout.weight"].Values),
            new ParameterTensor<double>("readout.bias", [3], big["readout.bias"].Values),
            new ParameterTensor<double>("padding", [20_000], Enumerable.Range(0, 20_000).Select(i => BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000L | (long)i)).ToArray())]);
        Assert.True(TensorBlocks.Split(wide).Count >= 3);
        await using var cluster = new LoopbackCluster(2);
        var coordinator = cluster.Coordinator();
        var steps = new List<ulong>();
        var components = new TrainingComponents<double>(TestTraining.Data, _ => new SoftmaxComputer<double>(), _ => wide.Clone(),
            (s, p) => new MomentumSgd<double>(p, s.Optimizer.Momentum), TestTraining.LearningRate)
        { Constrain = TestTraining.Clip, AfterStep = (_, fingerprint) => steps.Add(fingerprint) };
        var result = await TrainingRun.RunAsync(spec, new TrainingRunOptions { Cluster = coordinator, Nodes = 2 }, components, NoHang);
        // The padding has no gradient: its NaN payloads come back through every step exactly as they left.
        Assert.Equal(wide["padding"].Values.Select(BitConverter.DoubleToInt64Bits), result.Parameters["padding"].Values.Select(BitConverter.DoubleToInt64Bits));
        var local = new List<ulong>();
        await TrainingRun.RunAsync(spec, new TrainingRunOptions { Config = TestTraining.Strict }, components with { AfterStep = (_, fingerprint) => local.Add(fingerprint) }, NoHang);
        Assert.Equal(local, steps);
    }

    [Fact]
    public async Task A_worker_lost_mid_epoch_sends_the_epoch_back_and_the_run_ends_as_an_undisturbed_one()
    {
        var spec = TestTraining.Spec(epochs: 3);
        var reference = TestTraining.Reference<float>(spec, 3);
        await using var cluster = new LoopbackCluster(3);
        var coordinator = cluster.Coordinator();
        var victim = cluster.Workers[2];
        bool killed = false;
        // In epoch 1, after its second step, one worker's system goes down; the coordinator's thread waits until it is
        // gone, so the chunks it is then handed can never come back and the epoch cannot end without the restart.
        var listener = new RecordingListener(p =>
        {
            if (killed || p.Epoch != 1 || p.Batch != 1) return;
            killed = true;
            victim.Terminate().Wait(TimeSpan.FromSeconds(60));
        });
        var (result, steps) = await OnCluster(cluster, coordinator, spec, 3, listener);
        Assert.True(killed);
        var restart = Assert.Single(result.Restarts);
        Assert.Equal(1, restart.Epoch);
        Assert.Equal(2, restart.WorkersLeft);
        Assert.Contains(LoopbackCluster.Endpoint(victim), restart.Worker);
        Assert.Equal(restart, Assert.Single(listener.Restarts));
        Assert.Equal(reference[^1], result.Parameters.Fingerprint());
        // The steps after the restart repeat epoch 1 from its start: the run's last 10 steps are the reference's.
        Assert.Equal(reference.Skip(5), steps.Skip(steps.Count - 10));
        Assert.Equal([0, 1, 2], result.Epochs.Select(r => r.Epoch));
        Assert.Equal(15, result.Steps);
    }

    [Fact]
    public async Task Too_few_nodes_stop_the_run_with_one_line()
    {
        await using var cluster = new LoopbackCluster(1);
        var coordinator = cluster.Coordinator();
        var ex = await Assert.ThrowsAsync<ClusterRunException>(() => TrainingRun.RunAsync(TestTraining.Spec(epochs: 1),
            new TrainingRunOptions { Cluster = coordinator, Nodes = 2, JoinTimeout = TimeSpan.FromSeconds(3) }, TestTraining.Components<float>(), NoHang));
        Assert.Contains("for 2 workers; 1 joined", ex.Message);
    }
}
