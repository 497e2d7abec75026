using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NeuroActors.Runtime.Cluster;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>
/// <c>neuroactors cert create</c>: writes a self-signed cluster certificate for mutual TLS between nodes (see
/// <see cref="ClusterTls"/>). Every node of a cluster gets the same file; nodes pin its SHA-256 thumbprint.
/// </summary>
public static class CertCommand
{
    /// <summary>Largest lifetime accepted, in days (100 years).</summary>
    public const int MaxDays = 36_500;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "The .pfx file to write (must not exist yet).", Required = true };
        var password = new Option<string?>("--password", "--tls-password")
        {
            Description = $"Password that protects the file (default: ${ClusterOptions.TlsPasswordVariable}; none when neither is set, then only the file's permissions protect the key).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ClusterOptions.TlsPasswordVariable),
        };
        var days = new Option<int>("--days") { Description = "Days the certificate is valid; nodes refuse it afterwards.", DefaultValueFactory = _ => 365 };
        var algorithm = new Option<string>("--algorithm") { Description = "Key type: ecdsa (P-256) or rsa (3072 bits).", DefaultValueFactory = _ => "ecdsa" };
        algorithm.AcceptOnlyFromAmong("ecdsa", "rsa");
        var name = new Option<string>("--name") { Description = "Subject common name.", DefaultValueFactory = _ => "neuroactors-cluster" };
        var create = new Command("create", "Write a new self-signed cluster certificate and print its thumbprint.") { output, password, days, algorithm, name };
        create.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            int lifetime = parse.GetValue(days);
            if (lifetime is < 1 or > MaxDays) return cli.Fail($"--days: got {lifetime}; use a whole number of days from 1 to {MaxDays}");
            string subject = parse.GetValue(name)!;
            if (string.IsNullOrWhiteSpace(subject) || subject.IndexOfAny([',', '=', '+', '"', '\\', '<', '>', ';']) >= 0)
                return cli.Fail($"--name: got '{subject}'; use a plain name such as neuroactors-cluster");
            if (File.Exists(path) || Directory.Exists(path))
                return cli.Fail($"--out: '{path}' already exists; a cluster's certificate is not overwritten, choose another path or remove it");
            using var certificate = ClusterCertificate.Create(subject, parse.GetValue(algorithm)!, TimeSpan.FromDays(lifetime));
            byte[] pfx = certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, parse.GetValue(password));
            try
            {
                // Only the owner may read the private key.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var file = new FileStream(path, options);
                file.Write(pfx);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return cli.Fail($"--out: cannot write '{path}': {ex.Message}");
            }
            cli.Console.WriteLine($"wrote {path}: CN={subject}, {parse.GetValue(algorithm)}, valid until {certificate.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}");
            cli.Console.WriteLine($"SHA-256 thumbprint (pinned by every node): {ClusterTls.ThumbprintOf(certificate)}");
            cli.Console.WriteLine("give every node this file with --tls-cert (keep it secret: whoever holds it can join the cluster)");
            return 0;
        });
        return new Command("cert", "Cluster certificates for mutual TLS between nodes.") { create };
    }
}
