using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Tests.Wire;

/// <summary>
/// With <c>serialize-messages = on</c> every message between actors is encoded and decoded on the way, so a run
/// that still finishes with the same spikes shows that every message of the protocol crosses a wire intact.
/// With <c>allow-unregistered-types = false</c> a message without a binding fails to send (and the run hangs,
/// caught by the time limit here).
/// </summary>
public class SerializeMessagesRunTests
{
    public static readonly Config Strict = ConfigurationFactory.ParseString("akka.actor.serialize-messages = on").WithFallback(WireConfig.Hocon);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static async Task<T> Within<T>(Task<T> run)
    {
        var finished = await Task.WhenAny(run, Task.Delay(Limit));
        Assert.True(ReferenceEquals(run, finished), "the run did not finish: a message was probably refused by serialization");
        return await run;
    }

    private static long[] Packed(RunResult result, NetworkPlan plan) => ActorRuntimeTests.Packed(result, plan);

    private static void AssertSameTraces(RunResult expected, RunResult actual)
    {
        Assert.NotEmpty(expected.Traces);
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++)
        {
            var (e, a) = (expected.Traces[t], actual.Traces[t]);
            Assert.Equal((e.Population, e.Variable, e.Unit), (a.Population, a.Variable, a.Unit));
            Assert.Equal(e.NeuronIds, a.NeuronIds);
            Assert.Equal(WireSamples.Bits(e.TimesMs), WireSamples.Bits(a.TimesMs));
            Assert.Equal(e.Values.Select(WireSamples.Bits), a.Values.Select(WireSamples.Bits));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ARunWithEveryMessageSerializedIsBitIdentical(int shards)
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var plan = new NetworkPlan(spec, 1);
        var plain = await SimulationRunner.RunAsync(new RunRequest(spec, shards));
        var wired = await Within(SimulationRunner.RunAsync(new RunRequest(spec, shards), config: Strict));
        Assert.NotEmpty(Packed(plain, plan));
        Assert.Equal(Packed(plain, plan), Packed(wired, plan));
        AssertSameTraces(plain, wired);
        Assert.Equal(plain.Stats.SynapticEvents, wired.Stats.SynapticEvents);
    }

    [Fact]
    public async Task CheckpointAndResumeWithEveryMessageSerializedEqualOneRun()
    {
        // Snapshots (SS1) go to the coordinator, the checkpoint goes back to the shards inside BuildShard (BS1).
        var spec = TestNetworks.Mixed(durationMs: 100);
        var plan = new NetworkPlan(spec, 1);
        var full = Packed(await SimulationRunner.RunAsync(new RunRequest(spec, 3)), plan);
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-wire-{Guid.NewGuid():N}");
        try
        {
            var first = await Within(SimulationRunner.RunAsync(new RunRequest(spec.With(durationMs: 50.3), 2, CheckpointAtMs: 50.3, CheckpointPath: path), config: Strict));
            var second = await Within(SimulationRunner.RunAsync(new RunRequest(spec.With(durationMs: 49.7), 3, Resume: CheckpointStore.Load(path, CheckpointLayout.Of(spec))), config: Strict));
            Assert.Equal(full, Packed(first, plan).Concat(Packed(second, plan)).ToArray());
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task NoSerializationErrorIsLoggedAndUnboundMessagesAreRefused()
    {
        // No stdout logger: at shutdown Akka itself sends StopChild, which has no binding in a local system and is
        // reported as a serialization error (an artefact of serialize-messages, not of the NeuroActors protocol).
        using var system = ActorSystem.Create("strict", ConfigurationFactory.ParseString("akka { loglevel = WARNING, stdout-loglevel = OFF, loggers = [] }").WithFallback(Strict));
        var errors = new List<string>();
        var listener = system.ActorOf(Props.Create(() => new ErrorListener(errors)));
        system.EventStream.Subscribe(listener, typeof(Error));
        Assert.True(system.Settings.SerializeAllMessages);

        await Within(SimulationRunner.RunAsync(system, new RunRequest(TestNetworks.Mixed(durationMs: 30), 2)));

        // A message type without a binding is not sent: the send fails serialization and is reported.
        // (The echo must be running first: Akka 1.5.74 reports a refused send to an actor not yet started as a
        // NullReferenceException of its own.)
        var echo = system.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal(new ShardProgress(1, 2), await echo.Ask<ShardProgress>(new ShardProgress(1, 2), TimeSpan.FromSeconds(5)));
        var refused = echo.Ask<object>(new Unbound(1), TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<Exception>(() => refused);
        await Task.Delay(100);
        lock (errors)
        {
            Assert.True(errors.Any(e => e.Contains(nameof(Unbound))), string.Join("\n----\n", errors));
            Assert.True(!errors.Any(e => !e.Contains(nameof(Unbound))), string.Join("\n----\n", errors));
        }
        await system.Terminate();
    }

    private sealed record Unbound(int Value);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class ErrorListener : ReceiveActor
    {
        public ErrorListener(List<string> errors) => Receive<Error>(e =>
        {
            lock (errors) errors.Add($"{e.Message} {e.Cause}");
        });
    }
}
