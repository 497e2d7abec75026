using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// A worker's direct TCP path for the gradients its peers send it, beside Akka.Remote. A batch's step waits for one
/// gradient exchange, and through Akka.Remote a 54 kB gradient allocated some 260 kB on each side and waited 1.6–2.5 ms
/// (docs/training.md, "Figures"); here it is serialized once with the same wire codec (<see cref="WireManifests.ChunkGradient"/>), written
/// by the sending worker's own thread and read by one thread on the receiving side, which hands it to the worker as
/// the same <see cref="ChunkGradient"/> message. The receiving worker opens a listener on its node's remoting address
/// and offers it to its peers (<see cref="GradientLinkOffer"/>, over Akka.Remote) with a random token that every
/// connection must present first. On a cluster with TLS (<see cref="ClusterTlsSetup"/>) every connection is mutual TLS
/// with the cluster certificate, pinned as remoting pins it, before the token. Used when
/// <c>neuroactors.training.direct-gradients</c> is on (the default); a gradient that cannot be written here goes
/// through Akka.Remote instead, so nothing depends on the link but speed.
/// </summary>
internal sealed class GradientLink : IDisposable
{
    /// <summary>The HOCON switch (on by default in <see cref="SimulationRunner.DefaultConfig"/>).</summary>
    public const string Setting = "neuroactors.training.direct-gradients";

    private const int TokenBytes = 32;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5), WriteTimeout = TimeSpan.FromSeconds(60),
        HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly byte[] _token = RandomNumberGenerator.GetBytes(TokenBytes);
    private readonly IActorRef _owner;
    private readonly NeuroActorsSerializer _serializer;
    private readonly ClusterTls? _tls;
    private readonly List<Socket> _accepted = [];
    private readonly Dictionary<IActorRef, GradientLinkOffer> _offers = [];
    private readonly Dictionary<IActorRef, Stream> _outbound = [];
    private volatile bool _disposed;

    private GradientLink(TcpListener listener, IActorRef owner, NeuroActorsSerializer serializer, ClusterTls? tls, string host)
    {
        _listener = listener;
        _owner = owner;
        _serializer = serializer;
        _tls = tls;
        Offer = new GradientLinkOffer(host, ((IPEndPoint)listener.LocalEndpoint).Port, _token);
        new Thread(AcceptLoop) { IsBackground = true, Name = "gradient-link-accept" }.Start();
    }

    /// <summary>What peers need to send to this link: sent to each of them once.</summary>
    public GradientLinkOffer Offer { get; }

    /// <summary>Whether the link's connections are TLS.</summary>
    public bool Secure => _tls is not null;

    /// <summary>
    /// A link for the worker <paramref name="owner"/>, or null where there is none to open: an actor system without
    /// remoting (its workers share memory), the setting off, or TLS on the transport without the cluster certificate
    /// as a <see cref="ClusterTlsSetup"/>.
    /// </summary>
    public static GradientLink? TryOpen(ActorSystem system, IActorRef owner)
    {
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        var tls = system.Settings.Setup.Get<ClusterTlsSetup>();
        if (!Wanted(system.Settings.Config, address, tls.HasValue) || address.Host is not { } host) return null;
        try
        {
            // The address remoting binds: peers reach this node there. The offer names the address itself, so that
            // peers need not resolve the name as this node did.
            var ip = IPAddress.TryParse(host, out var parsed) ? parsed
                : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily != AddressFamily.InterNetwork).First();
            var listener = new TcpListener(ip, 0);
            listener.Start();
            return new GradientLink(listener, owner, NeuroActorsSerializer.For(system), tls.HasValue ? tls.Value.Tls : null, ip.ToString());
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or InvalidOperationException)
        {
            return null; // the name does not resolve here, or the address cannot be bound: the gradients take Akka.Remote
        }
    }

    /// <summary>Whether a worker of a system with <paramref name="config"/> at <paramref name="address"/> opens a link:
    /// with remoting and <see cref="Setting"/> on, and, where the transport has TLS, with the certificate to match it.</summary>
    internal static bool Wanted(Akka.Configuration.Config config, Address address, bool hasCertificate) =>
        address.Host is not null && config.GetBoolean(Setting, false)
        && (hasCertificate || !config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false));

    /// <summary>Keeps <paramref name="peer"/>'s offer; its gradients go there from now on.</summary>
    public void Accept(IActorRef peer, GradientLinkOffer offer)
    {
        Drop(peer);
        _offers[peer] = offer;
    }

    /// <summary>Writes <paramref name="message"/> to <paramref name="peer"/>'s link; false if it has none or the write
    /// failed (the link is then dropped), and the caller sends the message through Akka.Remote.</summary>
    public bool TrySend(IActorRef peer, ChunkGradient message)
    {
        if (!_offers.TryGetValue(peer, out var offer)) return false;
        try
        {
            if (!_outbound.TryGetValue(peer, out var stream)) _outbound[peer] = stream = Connect(offer);
            var payload = _serializer.ToBinary(message);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
            stream.Write(length);
            stream.Write(payload);
            stream.Flush();
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException or AuthenticationException)
        {
            Drop(peer);
            _offers.Remove(peer);
            return false;
        }
    }

    private Stream Connect(GradientLinkOffer offer)
    {
        // A peer whose process is frozen stops reading; a write that cannot finish within the timeout fails over to
        // Akka.Remote instead of holding the worker forever. Nothing is read after the handshake.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            SendTimeout = (int)WriteTimeout.TotalMilliseconds,
            ReceiveTimeout = (int)HandshakeTimeout.TotalMilliseconds,
        };
        Stream? stream = null;
        try
        {
            if (!socket.ConnectAsync(offer.Host, offer.Port).Wait(ConnectTimeout))
                throw new TimeoutException($"no connection to {offer.Host}:{offer.Port} within {ConnectTimeout.TotalSeconds} s");
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
                {
                    TargetHost = offer.Host,
                    ClientCertificates = [tls.Certificate],
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => tls.Accepts(certificate as X509Certificate2),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                });
            }
            stream.Write(offer.Token);
            return stream;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException inner)
        {
            socket.Dispose();
            throw inner;
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private void Drop(IActorRef peer)
    {
        if (_outbound.Remove(peer, out var stream)) stream.Dispose();
    }

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            Socket socket;
            try { socket = _listener.AcceptSocket(); }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            lock (_accepted)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }
                _accepted.Add(socket);
            }
            new Thread(() => ReadLoop(socket)) { IsBackground = true, Name = "gradient-link-read" }.Start();
        }
    }

    /// <summary>
    /// Reads one peer's connection: the TLS handshake where the cluster has TLS, the token, then length-prefixed
    /// gradients until it closes or misbehaves. A connection that does not authenticate within the handshake timeout is
    /// closed; one that has may then wait as long as training does.
    /// </summary>
    private void ReadLoop(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            socket.ReceiveTimeout = (int)HandshakeTimeout.TotalMilliseconds;
            if (_tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.Certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => tls.Accepts(certificate as X509Certificate2),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                });
            }
            var token = new byte[TokenBytes];
            stream.ReadExactly(token);
            if (!CryptographicOperations.FixedTimeEquals(token, _token)) return;
            socket.ReceiveTimeout = 0;
            Span<byte> length = stackalloc byte[4];
            while (!_disposed)
            {
                stream.ReadExactly(length);
                int bytes = BinaryPrimitives.ReadInt32LittleEndian(length);
                if (bytes <= 0 || bytes > ClusterSettings.MaximumFrameBytes)
                    throw new WireFormatException($"a frame of {bytes} bytes; 1 to {ClusterSettings.MaximumFrameBytes} are accepted");
                var payload = new byte[bytes];
                stream.ReadExactly(payload);
                _owner.Tell((ChunkGradient)_serializer.FromBinary(payload, WireManifests.ChunkGradient), ActorRefs.NoSender);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException or AuthenticationException)
        {
            // The peer went away (its worker stopped, or it dropped the link and sends through Akka.Remote from now on),
            // or it was no peer: it failed the handshake or kept silent.
        }
        catch (WireFormatException ex)
        {
            // A gradient that cannot be read would be missing from its batch: the run stops with the reason.
            if (!_disposed) _owner.Tell(new GradientLinkBroken($"a gradient on the direct link could not be read: {ex.Message}"), ActorRefs.NoSender);
        }
        finally
        {
            stream.Dispose();
            lock (_accepted) _accepted.Remove(socket);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _listener.Stop();
        foreach (var stream in _outbound.Values) stream.Dispose();
        _outbound.Clear();
        lock (_accepted)
        {
            foreach (var socket in _accepted) socket.Dispose();
            _accepted.Clear();
        }
    }
}

/// <summary>
/// Worker → worker, over Akka.Remote: send gradients for this worker to <paramref name="Host"/>:<paramref name="Port"/>,
/// first presenting <paramref name="Token"/> (32 random bytes); see <see cref="GradientLink"/>.
/// </summary>
public sealed record GradientLinkOffer(string Host, int Port, byte[] Token);

/// <summary>A worker's link → the worker: a peer's gradient could not be read, so the epoch cannot complete.</summary>
internal sealed record GradientLinkBroken(string Reason) : INoSerializationVerificationNeeded;
