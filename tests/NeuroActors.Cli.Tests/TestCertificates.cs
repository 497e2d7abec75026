using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Cli.Tests;

/// <summary>Cluster certificates for tests that start clusters with TLS, as <c>cert create</c> writes them.</summary>
internal static class TestCertificates
{
    /// <summary>The password of every file <see cref="Write"/> makes.</summary>
    public const string Password = "cluster-secret";

    /// <summary>A new cluster certificate in a fresh .pfx protected by <see cref="Password"/>; returns its path.</summary>
    public static string Write()
    {
        using var certificate = ClusterCertificate.Create("test-cluster", "ecdsa", TimeSpan.FromDays(1));
        var path = Path.Combine(Cli.TempDir(), "cluster.pfx");
        File.WriteAllBytes(path, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, Password));
        return path;
    }
}
