using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeuroActors.Runtime.Cluster;

/// <summary>Self-signed cluster certificates: one per cluster, presented by every node both as TLS server and as client.</summary>
public static class ClusterCertificate
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// A new self-signed certificate with its private key, valid from a minute ago (clocks of nodes differ slightly)
    /// for <paramref name="lifetime"/>.
    /// </summary>
    /// <param name="commonName">Subject CN.</param>
    /// <param name="algorithm">"ecdsa" (P-256) or "rsa" (3072 bits).</param>
    /// <param name="lifetime">How long it is valid.</param>
    public static X509Certificate2 Create(string commonName, string algorithm, TimeSpan lifetime)
    {
        var subject = new X500DistinguishedName($"CN={commonName}");
        using AsymmetricAlgorithm key = algorithm switch
        {
            "ecdsa" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            "rsa" => RSA.Create(3072),
            _ => throw new ArgumentException($"algorithm: got '{algorithm}'; use ecdsa or rsa", nameof(algorithm)),
        };
        var request = key is ECDsa ec
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // An RSA key exchange needs key encipherment; ECDHE with an ECDSA key needs only signatures.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            key is ECDsa ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // Every node is server of its inbound and client of its outbound connections.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        request.CertificateExtensions.Add(names.Build());
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-1);
        return request.CreateSelfSigned(notBefore, notBefore + lifetime);
    }
}
