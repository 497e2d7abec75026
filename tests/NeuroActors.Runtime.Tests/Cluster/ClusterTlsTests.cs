using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>Nodes with mutual TLS on loopback, in this process: the pinned cluster certificate decides who joins.</summary>
public class ClusterTlsTests
{
    /// <summary>
    /// A logger that keeps every warning of its system from the system's start: a node begins to join as it starts, so a
    /// subscription made afterwards can miss the first refusal, and a refused node may not be refused again soon.
    /// </summary>
    public sealed class WarningLog : ReceiveActor
    {
        private static readonly ConditionalWeakTable<ActorSystem, ConcurrentQueue<string>> Logs = new();

        /// <summary>The warnings <paramref name="system"/> has logged so far.</summary>
        public static ConcurrentQueue<string> Of(ActorSystem system) => Logs.GetValue(system, _ => new());

        public WarningLog()
        {
            Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
            Receive<Warning>(w => Of(Context.System).Enqueue(w.Message?.ToString() ?? ""));
            Receive<LogEvent>(_ => { });
        }
    }

    private static readonly Akka.Configuration.Config Logged = Akka.Configuration.ConfigurationFactory.ParseString(
        $"akka.loggers = [\"Akka.Event.DefaultLogger\", \"{typeof(WarningLog).AssemblyQualifiedName}\"]").WithFallback(LoopbackCluster.Strict);

    /// <summary>The first warning of any of <paramref name="systems"/> containing <paramref name="text"/>, logged at any time since it started.</summary>
    private static async Task<string> WarningSeen(string text, params ActorSystem[] systems)
    {
        string? found = null;
        await WaitUntil(() => (found = systems.SelectMany(WarningLog.Of).FirstOrDefault(w => w.Contains(text, StringComparison.Ordinal))) is not null);
        return found!;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // The limit only guards against a hang.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !condition(); await Task.Delay(100))
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
    }

    private static ActorSystem Start(ClusterTls? tls, IReadOnlyList<string> seeds) =>
        ClusterNode.Start(new ClusterSettings("127.0.0.1", 0, seeds, ClusterSettings.WorkerRole, Tls: tls), extra: Logged);

    [Fact]
    public async Task Only_nodes_presenting_the_pinned_certificate_become_members()
    {
        using var certificate = ClusterCertificate.Create("test-cluster", "ecdsa", TimeSpan.FromDays(1));
        using var other = ClusterCertificate.Create("test-cluster", "ecdsa", TimeSpan.FromDays(1));
        var tls = new ClusterTls(certificate);
        var systems = new List<ActorSystem>();
        try
        {
            var seed = Start(tls, []);
            systems.Add(seed);
            string endpoint = LoopbackCluster.Endpoint(seed);
            var member = Start(tls, [endpoint]);
            systems.Add(member);
            await WaitUntil(() => Akka.Cluster.Cluster.Get(seed).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2);
            Assert.Equal("akka.ssl.tcp", Akka.Cluster.Cluster.Get(member).SelfAddress.Protocol);

            var stranger = Start(new ClusterTls(other), [endpoint]);
            systems.Add(stranger);
            var plain = Start(null, [endpoint]);
            systems.Add(plain);

            // Whichever side checks the other's certificate first refuses it: the stranger the seed's, or the seed the stranger's.
            Assert.StartsWith("TLS handshake refused", await WarningSeen("is not the cluster certificate", stranger, seed));
            await WarningSeen("due to TLS handshake failure", seed);
            var members = Akka.Cluster.Cluster.Get(seed).State.Members.Select(m => m.Address.ToString()).Order();
            Assert.Equal(new[] { seed, member }.Select(s => Akka.Cluster.Cluster.Get(s).SelfAddress.ToString()).Order(), members);
            Assert.True(Akka.Cluster.Cluster.Get(stranger).State.Members.IsEmpty);
            Assert.True(Akka.Cluster.Cluster.Get(plain).State.Members.IsEmpty);
        }
        finally
        {
            foreach (var s in systems) _ = s.Terminate();
            await Task.WhenAll(systems.Select(s => s.WhenTerminated));
        }
    }

    [Fact]
    public void The_pin_accepts_only_the_cluster_certificate()
    {
        using var certificate = ClusterCertificate.Create("test-cluster", "rsa", TimeSpan.FromDays(1));
        using var sameName = ClusterCertificate.Create("test-cluster", "rsa", TimeSpan.FromDays(1));
        var tls = new ClusterTls(certificate);

        Assert.True(tls.Accepts(certificate));
        Assert.False(tls.Accepts(sameName));
        Assert.False(tls.Accepts(null));
        Assert.Equal(64, tls.Thumbprint.Length);
    }
}
