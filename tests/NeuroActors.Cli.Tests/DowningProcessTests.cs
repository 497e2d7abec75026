namespace NeuroActors.Cli.Tests;

/// <summary>
/// The downing strategy (docs/cluster.md#downing), with real node processes on loopback: keep-majority removes a node the
/// others cannot reach, and that node's process ends with one line instead of living on outside the cluster.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class DowningProcessTests
{
    [Fact]
    public async Task A_node_cut_off_from_the_majority_is_downed_and_its_process_ends_with_one_line()
    {
        using var nodes = await LoopbackNodes.Start(3);
        var (first, second, third) = (nodes.Nodes[0], nodes.Nodes[1], nodes.Nodes[2]);
        string seed = nodes.Seed;
        int thirdPort = nodes.Ports[2];
        string cutOff = $"akka.tcp://neuroactors@127.0.0.1:{thirdPort}";
        // "joining" is said before the join completes: a short run on all three shows that each is a member.
        var probe = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "probe"), "--duration", "10", "--no-plot",
            "--cluster", seed, "--nodes", "3", "--join-timeout", "60", "--insecure");
        Assert.True(probe.ExitCode == 0, probe.Error);

        // Frozen, it answers no heartbeat: the two others are the majority, and their leader downs it once membership has
        // been stable for 5 s (it says so in a warning, which the test waits for).
        await third.Signal("STOP");
        await WaitFor(() => Downed(first.Output, cutOff) || Downed(second.Output, cutOff), first, second, TimeSpan.FromMinutes(2));
        await third.Signal("CONT");
        int exit = await third.Exited(TimeSpan.FromMinutes(2));

        Assert.Equal(1, exit);
        Assert.Contains($"error: node {cutOff} was removed from the cluster", third.Output);
        // The majority lives on.
        Assert.False(first.HasExited || second.HasExited, first.Output + second.Output);
    }

    private static bool Downed(string output, string node) =>
        output.Split('\n').Any(line => line.Contains("SBR took decision") && line.Contains("DownUnreachable") && line.Contains(node));

    private static async Task WaitFor(Func<bool> condition, NodeProcess a, NodeProcess b, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {timeout.TotalSeconds:0} s: {a.Output}{b.Output}");
            await Task.Delay(50);
        }
    }
}
