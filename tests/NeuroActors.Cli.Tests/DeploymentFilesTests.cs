using YamlDotNet.RepresentationModel;

namespace NeuroActors.Cli.Tests;

/// <summary>No Docker engine runs here, so the deployment files are checked against the CLI they drive.</summary>
public class DeploymentFilesTests
{
    private static string Root => Path.GetDirectoryName(Path.GetDirectoryName(Cli.Config("x"))!)!;

    /// <summary>The services that run the NeuroActors image (the others are the observability stack).</summary>
    public static TheoryData<string> Services()
    {
        var data = new TheoryData<string>();
        foreach (var (name, node) in Compose().Children)
            if (((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("image"), out var image) && ((YamlScalarNode)image).Value == "neuroactors")
                data.Add(((YamlScalarNode)name).Value!);
        return data;
    }

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_compose_command_is_a_valid_neuroactors_command(string service)
    {
        var node = (YamlMappingNode)Compose()[service];
        var args = ((YamlSequenceNode)node["command"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();

        var parse = CliApp.Parse(args);

        Assert.Empty(parse.Errors);
        foreach (var path in args.Where(a => a.StartsWith("configs/", StringComparison.Ordinal)))
            Assert.True(File.Exists(Path.Combine(Root, path)), $"{service} names {path}, which does not exist");
    }

    [Fact]
    public void Every_seed_in_compose_names_a_worker_that_listens_on_that_port()
    {
        var services = Compose();
        foreach (var (key, value) in services.Children)
        {
            if (!((YamlMappingNode)value).Children.TryGetValue(new YamlScalarNode("environment"), out var envNode)) continue;
            var env = (YamlMappingNode)envNode;
            if (!env.Children.TryGetValue(new YamlScalarNode("NEUROACTORS_SEED"), out var seed)) continue;
            var (host, port) = Runtime.Cluster.ClusterSettings.ParseEndpoint(((YamlScalarNode)seed).Value!);
            var target = (YamlMappingNode)services[host];
            var targetEnv = (YamlMappingNode)target["environment"];
            Assert.Equal(port.ToString(), ((YamlScalarNode)targetEnv["NEUROACTORS_PORT"]).Value);
            Assert.Equal(host, ((YamlScalarNode)targetEnv["NEUROACTORS_HOSTNAME"]).Value);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_node_gets_the_cluster_certificate_as_a_secret_and_none_runs_insecure(string service)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var secret = (YamlMappingNode)((YamlMappingNode)root["secrets"])["cluster_cert"];
        var node = (YamlMappingNode)Compose()[service];
        var env = (YamlMappingNode)node["environment"];

        Assert.Equal("./secrets/cluster.pfx", ((YamlScalarNode)secret["file"]).Value);
        Assert.Contains("cluster_cert", ((YamlSequenceNode)node["secrets"]).Children.Select(c => ((YamlScalarNode)c).Value));
        // Compose mounts a secret at /run/secrets/<name>.
        Assert.Equal("/run/secrets/cluster_cert", ((YamlScalarNode)env[ClusterOptions.TlsCertVariable]).Value);
        Assert.DoesNotContain("--insecure", ((YamlSequenceNode)node["command"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("secrets/", File.ReadAllLines(Path.Combine(Root, ".gitignore")));
    }

    [Fact]
    public void Prometheus_scrapes_every_node_on_the_port_the_nodes_open_and_grafana_finds_its_files()
    {
        var services = Compose();
        var prometheus = File.ReadAllText(Path.Combine(Root, "deploy", "prometheus.yml"));
        int port = new Telemetry.TelemetryOptions().PrometheusPort;
        foreach (var name in Services()) Assert.Contains($"\"{name}:{port}\"", prometheus);

        var mounts = ((YamlSequenceNode)((YamlMappingNode)services["grafana"])["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value!.Split(':')[0]);
        Assert.All(mounts, m => Assert.True(Directory.Exists(Path.Combine(Root, m)), $"{m} is missing"));
        var dashboard = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "dashboards", "neuroactors.json")));
        var exprs = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        // Every metric NeuroActors exports appears on the dashboard under its Prometheus name.
        foreach (var metric in new[] { "neuroactors_spikes_total", "neuroactors_synaptic_events_total", "neuroactors_packets_sent_total",
                     "neuroactors_bytes_sent_bytes_total", "neuroactors_window_compute_seconds_bucket", "neuroactors_window_wait_seconds_bucket",
                     "neuroactors_serialization_seconds_bucket", "neuroactors_packets_late_total" })
            Assert.Contains(exprs, e => e.Contains(metric));
        Assert.Contains("otlp", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)services["worker1"])["environment"])["NEUROACTORS_TELEMETRY"]).Value);
    }

    [Fact]
    public void The_image_starts_the_assembly_the_cli_builds()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));

        Assert.Contains("dotnet publish src/NeuroActors.Cli", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/neuroactors.dll\"]", dockerfile);
        Assert.Equal("neuroactors", typeof(CliApp).Assembly.GetName().Name);
        Assert.Empty(CliApp.Parse(["node"]).Errors);
    }
}
