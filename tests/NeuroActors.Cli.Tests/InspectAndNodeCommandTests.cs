namespace NeuroActors.Cli.Tests;

public class InspectAndNodeCommandTests
{
    [Fact]
    public void Inspect_reports_slices_keys_tables_placement_and_traffic()
    {
        var outcome = Cli.Run("inspect", Cli.Config("brunel.yaml"), "--nodes", "3", "--placement", "round-robin");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("50 shards on 3 nodes", outcome.Output);
        Assert.Contains("slice mask 0xFFFFFF00", outcome.Output);
        Assert.Contains("routing entries: 50 before compression", outcome.Output);
        Assert.Contains("cross-node packets per window", outcome.Output);
    }

    [Fact]
    public void Inspect_follows_the_models_slice_sizes()
    {
        var model = Cli.ModelFile("""
            simulation: {max_neurons_per_shard: 10}
            populations:
              - {name: a, size: 25, model: iaf_psc_delta}
              - {name: b, size: 25, model: iaf_psc_delta, max_neurons_per_shard: 5}
            projections:
              - {source: a, target: b, connector: {rule: one_to_one}, synapse: {weight: 1, delay: 1}}
            """);

        var outcome = Cli.Run("inspect", model);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("8 shards on 1 nodes", outcome.Output);
    }

    [Fact]
    public void A_table_too_big_for_the_router_is_reported_and_is_a_mapping_error()
    {
        var model = Cli.ModelFile("""
            simulation: {max_neurons_per_shard: 1}
            populations:
              - {name: a, size: 1100, model: iaf_psc_delta}
              - {name: b, size: 1100, model: iaf_psc_delta}
            projections:
              - {source: a, target: b, connector: {rule: one_to_one}, synapse: {weight: 1, delay: 1}}
            """);

        var outcome = Cli.Run("inspect", model, "--router", "spinnaker1");

        Assert.Contains("tables fit SpiNNaker1: NO (nodes 0)", outcome.Output);
        Cli.AssertUserError(outcome, "node 0: routing table has 1,100 entries, 1,100 after pair compression, but a SpiNNaker1 router holds 1,023");
    }

    [Theory]
    [InlineData("inspect", "--nodes", "0", "--nodes: got 0")]
    [InlineData("inspect", "--rate", "-1", "--rate: got -1")]
    public void Bad_inspect_options_give_one_line(string command, string option, string value, string expected)
    {
        var outcome = Cli.Run(command, Cli.Config("intro.yaml"), option, value);

        Cli.AssertUserError(outcome, expected);
        Assert.Single(outcome.ErrorLines);
    }

    [Theory]
    [InlineData("localhost", "--seed: 'localhost' is not host:port")]
    [InlineData("127.0.0.1:99999", "is not host:port")]
    public void A_node_with_a_malformed_seed_does_not_start(string seed, string expected)
    {
        var outcome = Cli.Run("node", "--seed", seed, "--port", "0");

        Cli.AssertUserError(outcome, expected);
    }
}

public class TelemetryOptionTests
{
    [Fact]
    public void An_unknown_exporter_is_refused_before_running()
    {
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), "--telemetry", "console,statsd");

        Cli.AssertUserError(outcome, "--telemetry:");
        Assert.Contains("statsd", outcome.Error);
        Assert.DoesNotContain("real-time factor", outcome.Output);
    }
}

public class ClusterConfigFileTests
{
    [Fact]
    public void An_unknown_key_in_the_cluster_file_is_refused_naming_the_valid_ones()
    {
        var path = Path.Combine(Cli.TempDir(), "cluster.yaml");
        File.WriteAllText(path, "seed: 127.0.0.1:4053\nseeds: 127.0.0.1:4054\n");

        var outcome = Cli.Run("node", "--config", path);

        Cli.AssertUserError(outcome, "unknown key 'seeds'; valid keys are: seed, hostname, port, telemetry");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void A_cluster_file_without_a_seed_cannot_start_a_cluster_run()
    {
        var path = Path.Combine(Cli.TempDir(), "cluster.yaml");
        File.WriteAllText(path, "hostname: 127.0.0.1\nport: 99999\n");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--cluster-config", path);

        Cli.AssertUserError(outcome, "port: got '99999'");
    }

    [Fact]
    public void The_shipped_cluster_file_parses()
    {
        Assert.Empty(CliApp.Parse(["node", "--config", Cli.Config("cluster.yaml")]).Errors);
        Assert.Empty(CliApp.Parse(["run", Cli.Config("brunel.yaml"), "--cluster-config", Cli.Config("cluster.yaml"), "--nodes", "2"]).Errors);
    }
}
