using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Cli;

/// <summary>
/// Cluster settings kept in a file (configs/cluster.yaml): seed, hostname, port, telemetry. They are the lowest
/// layer: environment variables and then command-line options override them.
/// </summary>
/// <param name="Seed">Seed node(s), comma-separated host:port.</param>
/// <param name="Hostname">The address other nodes reach this one at.</param>
/// <param name="Port">This node's port.</param>
/// <param name="Telemetry">Exporter list.</param>
public sealed record ClusterConfigFile(string? Seed, string? Hostname, int? Port, string? Telemetry)
{
    private static readonly string[] Keys = ["seed", "hostname", "port", "telemetry"];

    /// <summary>No file: every setting comes from options, environment variables or defaults.</summary>
    public static ClusterConfigFile Empty { get; } = new(null, null, null, null);

    /// <summary>Reads the file; on a problem prints it (file, key, value, what is valid) and returns null.</summary>
    public static ClusterConfigFile? TryLoad(CliContext cli, string path)
    {
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(path)));
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map)
            {
                cli.Fail($"--config: '{path}' must be a mapping of {string.Join(", ", Keys)}");
                return null;
            }
            var values = new Dictionary<string, string>();
            foreach (var (k, v) in map.Children)
            {
                string key = ((YamlScalarNode)k).Value ?? "";
                if (!Keys.Contains(key))
                {
                    cli.Fail($"--config: '{path}': unknown key '{key}'; valid keys are: {string.Join(", ", Keys)}");
                    return null;
                }
                values[key] = v is YamlSequenceNode list
                    ? string.Join(",", list.Children.Select(c => ((YamlScalarNode)c).Value))
                    : ((YamlScalarNode)v).Value ?? "";
            }
            int? port = null;
            if (values.TryGetValue("port", out var p))
            {
                if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) || parsed > 65535)
                {
                    cli.Fail($"--config: '{path}': port: got '{p}'; use a port number 0..65535");
                    return null;
                }
                port = parsed;
            }
            return new ClusterConfigFile(values.GetValueOrDefault("seed"), values.GetValueOrDefault("hostname"), port, values.GetValueOrDefault("telemetry"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or InvalidCastException)
        {
            cli.Fail($"--config: cannot read '{path}': {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// <paramref name="current"/> (the option's value: given on the command line, from its environment variable, or its
    /// default) unless the option was not given, its variable is not set and the file has a value.
    /// </summary>
    public static string? Pick(System.CommandLine.ParseResult parse, System.CommandLine.Option option, string variable, string? fromFile, string? current) =>
        FromFile(parse, option, variable) && fromFile is not null ? fromFile : current;

    /// <inheritdoc cref="Pick(System.CommandLine.ParseResult, System.CommandLine.Option, string, string?, string?)"/>
    public static int Pick(System.CommandLine.ParseResult parse, System.CommandLine.Option option, string variable, int? fromFile, int current) =>
        FromFile(parse, option, variable) && fromFile is { } value ? value : current;

    private static bool FromFile(System.CommandLine.ParseResult parse, System.CommandLine.Option option, string variable) =>
        parse.GetResult(option) is null or { Implicit: true } && Environment.GetEnvironmentVariable(variable) is null;
}
