using YamlDotNet.RepresentationModel;

namespace NeuroActors.Cli.Tests;

/// <summary>No Docker engine runs here, so the deployment files are checked against the CLI they drive.</summary>
public class DeploymentFilesTests
{
    private static string Root => Path.GetDirectoryName(Path.GetDirectoryName(Cli.Config("x"))!)!;

    public static TheoryData<string> Services()
    {
        var data = new TheoryData<string>();
        foreach (var name in Compose().Children.Keys) data.Add(((YamlScalarNode)name).Value!);
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
            var env = (YamlMappingNode)((YamlMappingNode)value)["environment"];
            if (!env.Children.TryGetValue(new YamlScalarNode("NEUROACTORS_SEED"), out var seed)) continue;
            var (host, port) = Runtime.Cluster.ClusterSettings.ParseEndpoint(((YamlScalarNode)seed).Value!);
            var target = (YamlMappingNode)services[host];
            var targetEnv = (YamlMappingNode)target["environment"];
            Assert.Equal(port.ToString(), ((YamlScalarNode)targetEnv["NEUROACTORS_PORT"]).Value);
            Assert.Equal(host, ((YamlScalarNode)targetEnv["NEUROACTORS_HOSTNAME"]).Value);
        }
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
