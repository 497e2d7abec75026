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

    /// <summary>Environment variable for the cluster certificate file (.pfx).</summary>
    public const string TlsCertVariable = "NEUROACTORS_TLS_CERT";

    /// <summary>Environment variable for the certificate's password, so that it need not be on a command line.</summary>
    public const string TlsPasswordVariable = "NEUROACTORS_TLS_PASSWORD";

    /// <summary>--tls-cert FILE.pfx (or NEUROACTORS_TLS_CERT).</summary>
    public static Option<string?> TlsCert() => new("--tls-cert")
    {
        Description = $"Cluster certificate (.pfx, e.g. from 'neuroactors cert create'): mutual TLS with every node, which must present the same one (default: ${TlsCertVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TlsCertVariable),
    };

    /// <summary>--tls-password P (or NEUROACTORS_TLS_PASSWORD).</summary>
    public static Option<string?> TlsPassword() => new("--tls-password")
    {
        Description = $"Password of the --tls-cert file (default: ${TlsPasswordVariable}, which keeps it off the command line).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TlsPasswordVariable),
    };

    /// <summary>--insecure: plaintext remoting, chosen explicitly.</summary>
    public static Option<bool> Insecure() => new("--insecure")
    {
        Description = "Run the cluster without TLS: traffic is plaintext and any process that reaches the port can join. Only on a network you trust.",
    };

    /// <summary>
    /// The certificate path to use: the --tls-cert value, except that an explicit --insecure wins over a path that
    /// only comes from NEUROACTORS_TLS_CERT (options win over environment variables).
    /// </summary>
    public static string? CertificatePath(System.CommandLine.ParseResult parse, Option<string?> tlsCert, Option<bool> insecure) =>
        parse.GetValue(insecure) && parse.GetResult(tlsCert) is null or { Implicit: true } ? null : parse.GetValue(tlsCert);

    /// <summary>
    /// The TLS choice of a node: the certificate loaded from <paramref name="certPath"/>, or null with
    /// <paramref name="insecure"/> (after one warning line on stderr). Neither, both, or a certificate that cannot be
    /// used prints the reason and returns false.
    /// </summary>
    public static bool TryLoadTls(CliContext cli, string? certPath, string? password, bool insecure, out ClusterTls? tls)
    {
        tls = null;
        if (insecure && !string.IsNullOrEmpty(certPath))
        {
            cli.Fail($"--insecure: contradicts --tls-cert '{certPath}'; give one of them");
            return false;
        }
        if (insecure)
        {
            cli.Error.WriteLine("warning: --insecure: cluster traffic is plaintext and unauthenticated; any process that reaches this node's port can join");
            return true;
        }
        if (string.IsNullOrEmpty(certPath))
        {
            cli.Fail($"--tls-cert: no cluster certificate given; pass --tls-cert FILE.pfx (or set ${TlsCertVariable}; create one with 'neuroactors cert create'), " +
                "or --insecure for plaintext on a network you trust");
            return false;
        }
        try
        {
            tls = ClusterTls.Load(certPath, password);
            return true;
        }
        catch (ClusterRunException ex)
        {
            cli.Fail($"--tls-cert: {ex.Message}");
            return false;
        }
    }

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
