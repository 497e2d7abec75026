using System.Buffers.Binary;
using System.Net.Sockets;
using Akka.Actor;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Training;
using NeuroActors.Runtime.Wire;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

/// <summary>The direct gradient link between training workers, on 127.0.0.1: real sockets, the real wire codec.</summary>
public class GradientLinkTests() : Akka.TestKit.Xunit2.TestKit(Remote, "gradient-link")
{
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """).WithFallback(WireConfig.Hocon).WithFallback(SimulationRunner.DefaultConfig);

    private static ChunkGradient Gradient(int batch)
    {
        // Bits a float round trip through text would lose: a NaN payload, −0, a subnormal.
        var set = new ParameterSet<float>([new ParameterTensor<float>("w", [2, 2], [BitConverter.Int32BitsToSingle(0x7fc0_1234), -0f, float.Epsilon, batch])]);
        return new ChunkGradient(3, batch, 2, 4, new ChunkStats(-1.5, 7, 64, [12, 0]), TensorBlocks.Split(set)[0]);
    }

    private readonly List<GradientLink> _links = [];

    /// <summary>A link of the test's system whose gradients go to a probe; closed after the test.</summary>
    private (GradientLink Link, Akka.TestKit.TestProbe Owner) Open()
    {
        var owner = CreateTestProbe();
        var link = GradientLink.TryOpen(Sys, owner.Ref);
        Assert.NotNull(link);
        _links.Add(link!);
        return (link!, owner);
    }

    /// <inheritdoc/>
    protected override void AfterAll()
    {
        foreach (var link in _links) link.Dispose();
        foreach (var system in _systems) system.Dispose();
        base.AfterAll();
    }

    [Fact]
    public void Gradients_cross_the_link_bit_for_bit_and_in_order()
    {
        var (sender, _) = Open();
        var (receiver, owner) = Open();
        sender.Accept(owner.Ref, receiver.Offer);
        for (int batch = 0; batch < 3; batch++) Assert.True(sender.TrySend(owner.Ref, Gradient(batch)));
        for (int batch = 0; batch < 3; batch++)
        {
            var got = owner.ExpectMsg<ChunkGradient>(TimeSpan.FromSeconds(30));
            var sent = Gradient(batch);
            Assert.Equal((sent.Attempt, sent.Batch, sent.First, sent.End), (got.Attempt, got.Batch, got.First, got.End));
            Assert.Equal((sent.Stats.LossSum, sent.Stats.Correct, sent.Stats.Samples), (got.Stats.LossSum, got.Stats.Correct, got.Stats.Samples));
            Assert.Equal(sent.Stats.SpikesPerLayer, got.Stats.SpikesPerLayer);
            Assert.Equal(sent.Block.Bytes, got.Block.Bytes);
        }
    }

    [Fact]
    public void A_connection_without_the_token_is_closed_before_anything_is_read()
    {
        var (sender, _) = Open();
        var (receiver, owner) = Open();
        using var stranger = new Socket(SocketType.Stream, ProtocolType.Tcp);
        stranger.Connect(receiver.Offer.Host, receiver.Offer.Port);
        var wrong = (byte[])receiver.Offer.Token.Clone();
        wrong[0] ^= 1;
        stranger.Send(wrong);
        stranger.Send(Frame(NeuroActorsSerializer.For(Sys).ToBinary(Gradient(99))));
        // The link closes the connection: the stranger reads its end.
        stranger.ReceiveTimeout = 30_000;
        Assert.Equal(0, stranger.Receive(new byte[1]));
        // What reaches the worker next is the peer's gradient, not the stranger's.
        sender.Accept(owner.Ref, receiver.Offer);
        Assert.True(sender.TrySend(owner.Ref, Gradient(1)));
        Assert.Equal(1, owner.ExpectMsg<ChunkGradient>(TimeSpan.FromSeconds(30)).Batch);
    }

    [Fact]
    public void An_unreadable_gradient_tells_the_worker_why()
    {
        var (receiver, owner) = Open();
        using var peer = new Socket(SocketType.Stream, ProtocolType.Tcp);
        peer.Connect(receiver.Offer.Host, receiver.Offer.Port);
        peer.Send(receiver.Offer.Token);
        peer.Send(Frame([1, 2, 3, 4, 5]));
        Assert.Contains("could not be read", owner.ExpectMsg<GradientLinkBroken>(TimeSpan.FromSeconds(30)).Reason);
    }

    [Fact]
    public void A_peer_whose_link_is_gone_is_sent_nothing_and_the_caller_falls_back()
    {
        var (sender, _) = Open();
        var (receiver, owner) = Open();
        var offer = receiver.Offer;
        receiver.Dispose();
        sender.Accept(owner.Ref, offer);
        Assert.False(sender.TrySend(owner.Ref, Gradient(0)));
        // The offer is forgotten: later gradients go to Akka.Remote at once.
        Assert.False(sender.TrySend(owner.Ref, Gradient(1)));
    }

    [Fact]
    public void There_is_no_link_without_remoting_or_with_the_setting_off()
    {
        using var local = ActorSystem.Create("local", SimulationRunner.DefaultConfig);
        Assert.Null(GradientLink.TryOpen(local, ActorRefs.Nobody));
        using var off = ActorSystem.Create("off", ConfigurationFactory.ParseString($"{GradientLink.Setting} = off").WithFallback(Remote));
        Assert.Null(GradientLink.TryOpen(off, ActorRefs.Nobody));
    }

    [Fact]
    public void A_transport_with_tls_gets_a_link_only_with_the_cluster_certificate()
    {
        var address = new Address("akka.ssl.tcp", "neuroactors", "127.0.0.1", 4053);
        var ssl = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = true").WithFallback(Remote);
        Assert.True(GradientLink.Wanted(Remote, address, hasCertificate: false));
        Assert.True(GradientLink.Wanted(ssl, address, hasCertificate: true));
        Assert.False(GradientLink.Wanted(ssl, address, hasCertificate: false));
        Assert.False(GradientLink.Wanted(Remote, new Address("akka", "local"), hasCertificate: false));
    }

    private readonly List<ActorSystem> _systems = [];

    /// <summary>A sender and a receiver link in two systems with these certificates, the sender holding the receiver's offer.</summary>
    private (GradientLink Sender, GradientLink Receiver, Akka.TestKit.TestProbe Owner) OverTls(X509Certificate2 senderCertificate, X509Certificate2 receiverCertificate)
    {
        GradientLink Open(X509Certificate2 certificate, IActorRef owner)
        {
            var system = ActorSystem.Create($"tls-{_systems.Count}", BootstrapSetup.Create().WithConfig(Remote).And(new ClusterTlsSetup(new ClusterTls(certificate))));
            _systems.Add(system);
            var link = GradientLink.TryOpen(system, owner)!;
            _links.Add(link);
            Assert.True(link.Secure);
            return link;
        }
        var owner = CreateTestProbe();
        var sender = Open(senderCertificate, ActorRefs.Nobody);
        var receiver = Open(receiverCertificate, owner.Ref);
        sender.Accept(owner.Ref, receiver.Offer);
        return (sender, receiver, owner);
    }

    [Fact]
    public void With_the_cluster_certificate_gradients_cross_over_mutual_tls()
    {
        using var certificate = ClusterCertificate.Create("link-test", "ecdsa", TimeSpan.FromDays(1));
        var (sender, receiver, owner) = OverTls(certificate, certificate);
        Assert.True(sender.TrySend(owner.Ref, Gradient(4)));
        var got = owner.ExpectMsg<ChunkGradient>(TimeSpan.FromSeconds(30));
        Assert.Equal(4, got.Batch);
        Assert.Equal(Gradient(4).Block.Bytes, got.Block.Bytes);

        // The token alone, without the handshake, gets nothing read: the connection is closed.
        using var plain = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000 };
        plain.Connect(receiver.Offer.Host, receiver.Offer.Port);
        plain.Send(receiver.Offer.Token);
        plain.Send(Frame(NeuroActorsSerializer.For(Sys).ToBinary(Gradient(99))));
        Assert.True(ClosedByPeer(plain));
    }

    [Fact]
    public void A_peer_with_another_certificate_is_refused_and_falls_back()
    {
        using var ours = ClusterCertificate.Create("link-test", "ecdsa", TimeSpan.FromDays(1));
        using var theirs = ClusterCertificate.Create("link-test", "ecdsa", TimeSpan.FromDays(1));
        var (stranger, _, owner) = OverTls(theirs, ours);
        Assert.False(stranger.TrySend(owner.Ref, Gradient(1)));
    }

    private static bool ClosedByPeer(Socket socket)
    {
        try { return socket.Receive(new byte[64]) >= 0 && socket.Receive(new byte[1 << 16]) == 0; }
        catch (SocketException) { return true; }
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }
}
