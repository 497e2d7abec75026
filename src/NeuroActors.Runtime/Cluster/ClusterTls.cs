using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// Mutual TLS between cluster nodes with one shared cluster certificate: every node presents it, and accepts a peer
/// only when the peer presents a certificate with the same SHA-256 thumbprint. The pin replaces chain validation (the
/// certificate is self-signed, so no chain could be built), which is why validation is never suppressed as well.
/// </summary>
public sealed class ClusterTls
{
    /// <summary>Uses <paramref name="certificate"/>, which must hold its private key, as this node's and the pinned peer certificate.</summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public ClusterTls(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey) throw new ArgumentException("the certificate holds no private key; a node must be able to present it", nameof(certificate));
        Certificate = certificate;
        Thumbprint = ThumbprintOf(certificate);
    }

    /// <summary>The certificate this node presents.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 thumbprint (upper-case hex) every peer's certificate must match.</summary>
    public string Thumbprint { get; }

    /// <summary>The SHA-256 thumbprint of a certificate as upper-case hex, the form the validator compares.</summary>
    public static string ThumbprintOf(X509Certificate certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Loads a PKCS#12 (.pfx) file with its private key.</summary>
    /// <exception cref="ClusterRunException">The file cannot be read, the password is wrong or it holds no private key.</exception>
    public static ClusterTls Load(string path, string? password)
    {
        // The loader reports a missing file as a bad password; say what is wrong instead.
        if (!File.Exists(path)) throw new ClusterRunException($"cannot read '{path}': no such file");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new ClusterRunException($"cannot load '{path}' as a PKCS#12 certificate with this password: {ex.Message.TrimEnd('.')}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterRunException($"cannot read '{path}': {ex.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ClusterRunException($"'{path}' holds no private key; use a .pfx with the key, e.g. from 'neuroactors cert create'");
        }
        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            string validity = $"'{path}' is valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}; create a new one with 'neuroactors cert create'";
            certificate.Dispose();
            throw new ClusterRunException(validity);
        }
        return new ClusterTls(certificate);
    }

    /// <summary>
    /// True for the cluster certificate itself while it is valid; anything else, no certificate or an expired one is
    /// refused (without the expiry check a certificate's lifetime would mean nothing, as the pin skips chain validation).
    /// </summary>
    public bool Accepts(X509Certificate2? peer) => Refusal(peer) is null;

    private string? Refusal(X509Certificate2? peer)
    {
        if (peer is null) return "it presented no certificate";
        string thumbprint = ThumbprintOf(peer);
        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(thumbprint), Convert.FromHexString(Thumbprint)))
            return $"its certificate (SHA-256 {thumbprint}) is not the cluster certificate ({Thumbprint})";
        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter)
            return $"the cluster certificate is valid only from {peer.NotBefore:u} to {peer.NotAfter:u}";
        return null;
    }

    /// <summary>
    /// The transport setup: this certificate, mutual authentication, no hostname check (nodes are addressed by IP as
    /// often as by name, and the pin identifies the peer better than a name would) and the pinning validator.
    /// </summary>
    internal DotNettySslSetup ToSetup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validate);

    private bool Validate(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (Refusal(certificate) is not { } reason) return true;
        log.Warning("TLS handshake refused with {0}: {1}", remotePeer, reason);
        return false;
    }

    /// <summary>HOCON that turns TLS on for the DotNetty transport; the certificate and validator come with <see cref="ToSetup"/>.</summary>
    internal const string Hocon = """
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl {
            suppress-validation = false
            require-mutual-authentication = true
            validate-certificate-hostname = false
          }
        }
        """;
}
