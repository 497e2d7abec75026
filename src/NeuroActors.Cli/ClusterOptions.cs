using System.CommandLine;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Cli;

/// <summary>
/// Options shared by <c>node</c> and <c>run --cluster</c>. Each falls back to an environment variable
/// (NEUROACTORS_SEED, NEUROACTORS_HOSTNAME, NEUROACTORS_PORT), which is how containers configure nodes.
/// </summary>
public static class ClusterOptions
{
    /// <summary>Environment variable for the seed node(s), comma-separated host:port.</summary>
    public const string SeedVariable = "NEUROACTORS_SEED";

    /// <summary>Environment variable for the address this node is reached at.</summary>
    public const string HostnameVariable = "NEUROACTORS_HOSTNAME";

    /// <summary>Environment variable for the port this node listens on.</summary>
    public const string PortVariable = "NEUROACTORS_PORT";

    /// <summary>--seed HOST:PORT[,HOST:PORT…] (or NEUROACTORS_SEED).</summary>
    public static Option<string?> Seed(bool required) => new("--seed")
    {
        Description = $"Seed node(s) of the cluster, host:port, comma-separated (default: ${SeedVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SeedVariable),
    };

    /// <summary>--hostname H (or NEUROACTORS_HOSTNAME, else 127.0.0.1).</summary>
    public static Option<string> Hostname() => new("--hostname")
    {
        Description = $"Address other nodes reach this one at (default: ${HostnameVariable}, else 127.0.0.1).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(HostnameVariable) ?? "127.0.0.1",
    };

    /// <summary>--port P (or NEUROACTORS_PORT, else the given default; 0 picks a free port).</summary>
    public static Option<int> Port(int defaultPort) => new("--port")
    {
        Description = $"TCP port to listen on; 0 picks a free one (default: ${PortVariable}, else {defaultPort}).",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out int p) ? p : defaultPort,
    };

    /// <summary>Splits and checks the seed list; prints the reason and returns false when it is missing or malformed.</summary>
    public static bool TryParseSeeds(CliContext cli, string? value, out IReadOnlyList<string> seeds)
    {
        seeds = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            cli.Fail($"--seed: no seed node given; pass --seed HOST:PORT or set {SeedVariable}");
            return false;
        }
        var list = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var s in list)
        {
            try { ClusterSettings.ParseEndpoint(s); }
            catch (FormatException ex)
            {
                cli.Fail($"--seed: {ex.Message}");
                return false;
            }
        }
        seeds = list;
        return true;
    }
}
