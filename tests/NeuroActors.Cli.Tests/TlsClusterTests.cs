using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NeuroActors.Results;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// Mutual TLS between real node processes on loopback: only nodes presenting the cluster certificate join, and
/// nothing else that reaches the port harms a node.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class TlsClusterTests
{
    private const string Password = TestCertificates.Password;

    /// <summary>A <c>neuroactors</c> child process whose output is captured, with a way to wait for a line.</summary>
    private sealed class Node : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        public Node(string arguments, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "neuroactors.dll")}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        /// <summary>Waits until the output contains <paramref name="text"/>; the limit is only a guard against a hang.</summary>
        public async Task WaitFor(string text)
        {
            for (var guard = Stopwatch.StartNew(); !Output.Contains(text); await Task.Delay(100))
                if (_process.HasExited || guard.Elapsed > TimeSpan.FromSeconds(90))
                    throw new InvalidOperationException($"never printed '{text}': {Output}");
        }

        public bool HasExited => _process.HasExited;

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }

    private static int FreePort() => NodeProcess.FreePort();

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Model(string name, int seed) => Cli.ModelFile("""
        simulation: {name: NAME, dt: 0.1, duration: 200, seed: SEED, max_neurons_per_shard: 25}
        populations:
          - {name: input, size: 100, model: poisson_source, parameters: {rate: 15}}
          - {name: neurons, size: 100, model: iaf_psc_delta, parameters: {tau_m: 10, e_l: -70, v_th: -55, v_reset: -75, t_ref: 0}, initial: {v: -70}}
        projections:
          - {source: input, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 3, delay: 0.5}}
          - {source: neurons, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 2, delay: 1.5}}
        recorders:
          - {type: spikes, population: input}
          - {type: spikes, population: neurons}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("SEED", seed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    [Fact]
    public async Task Nodes_sharing_the_cluster_certificate_run_a_model_to_the_spikes_of_one_process()
    {
        var cert = TestCertificates.Write();
        int seedPort = FreePort(), otherPort = FreePort();
        // The seed takes the password from the environment, the other node from its option.
        using var seed = new Node($"node --seed 127.0.0.1:{seedPort} --port {seedPort} --telemetry none --tls-cert \"{cert}\"",
            new Dictionary<string, string> { [ClusterOptions.TlsPasswordVariable] = Password });
        using var other = new Node($"node --seed 127.0.0.1:{seedPort} --port {otherPort} --telemetry none --tls-cert \"{cert}\" --tls-password {Password}");
        await Task.WhenAll(seed.WaitFor("mutual TLS"), other.WaitFor("mutual TLS"));
        var model = Model("tls-cluster", 7);
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "1", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", distributed, "--no-plot", "--cluster", $"127.0.0.1:{seedPort}", "--nodes", "2",
            "--join-timeout", "60", "--tls-cert", cert, "--tls-password", Password);

        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output + other.Output);
        Assert.Equal("", outcome.Error);
        var a = ResultsReader.Read(local);
        var b = ResultsReader.Read(distributed);
        Assert.Equal(a.Spikes.Select(p => p.NeuronIds), b.Spikes.Select(p => p.NeuronIds));
        Assert.Equal(a.Spikes.Select(p => p.TimesMs), b.Spikes.Select(p => p.TimesMs));
        Assert.Equal(new[] { seedPort, otherPort }.Order().Select(p => $"akka.ssl.tcp://neuroactors@127.0.0.1:{p}"),
            b.Summary.Communication!.Nodes.Select(n => n.Node).Order());
    }

    [Fact]
    public async Task Training_on_nodes_sharing_the_cluster_certificate_gives_the_weights_of_one_process()
    {
        // With TLS the workers' gradients go through the encrypted remoting (no direct link): the same bits arrive.
        var cert = TestCertificates.Write();
        var config = TrainCommandTests.SmallConfig();
        int seedPort = FreePort(), otherPort = FreePort();
        using var seed = new Node($"node --seed 127.0.0.1:{seedPort} --port {seedPort} --telemetry none --tls-cert \"{cert}\" --tls-password {Password}");
        using var other = new Node($"node --seed 127.0.0.1:{seedPort} --port {otherPort} --telemetry none --tls-cert \"{cert}\" --tls-password {Password}");
        await Task.WhenAll(seed.WaitFor("mutual TLS"), other.WaitFor("mutual TLS"));
        string local = Path.Combine(Cli.TempDir(), "local"), distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("train", config, "--out", local, "--workers", "1", "--simulate", "0", "--no-plot").ExitCode);
        var outcome = Cli.Run("train", config, "--out", distributed, "--simulate", "0", "--no-plot", "--cluster", $"127.0.0.1:{seedPort}",
            "--nodes", "2", "--join-timeout", "60", "--tls-cert", cert, "--tls-password", Password);

        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output + other.Output);
        foreach (var tensor in new[] { "layer1.weight", "layer1.bias", "readout.weight", "readout.bias" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, "weights", tensor + ".npy")), File.ReadAllBytes(Path.Combine(distributed, "weights", tensor + ".npy")));
    }

    [Fact]
    public async Task Nodes_with_another_certificate_or_without_tls_do_not_become_members()
    {
        var cert = TestCertificates.Write();
        var stranger = TestCertificates.Write();
        int seedPort = FreePort(), strangerPort = FreePort(), plainPort = FreePort(), runPort = FreePort();
        using var seed = new Node($"node --seed 127.0.0.1:{seedPort} --port {seedPort} --telemetry none --tls-cert \"{cert}\" --tls-password {Password}");
        await seed.WaitFor("mutual TLS");
        using var withOther = new Node($"node --seed 127.0.0.1:{seedPort} --port {strangerPort} --telemetry none --tls-cert \"{stranger}\" --tls-password {Password}");
        using var plain = new Node($"node --seed 127.0.0.1:{seedPort} --port {plainPort} --telemetry none --insecure");
        // Each has tried and been turned away: the stranger's own validator refuses the seed's certificate, and the
        // seed's transport rejects the plaintext handshake.
        await withOther.WaitFor("TLS handshake refused");
        await plain.WaitFor("Association failed");
        Assert.Contains("not an SSL/TLS record", seed.Output);

        // Four workers would be there if either had joined: the seed, this run's own process and the two strangers.
        var outcome = Cli.Run("run", Model("intruders", 3), "--out", Path.Combine(Cli.TempDir(), "o"), "--no-plot", "--cluster", $"127.0.0.1:{seedPort}",
            "--nodes", "3", "--host-shards", "--port", Port(runPort), "--join-timeout", "20", "--tls-cert", cert, "--tls-password", Password);

        Cli.AssertUserError(outcome, "waited 20 s for 3 workers; 2 joined");
        Assert.Contains($"127.0.0.1:{seedPort}", outcome.Error);
        Assert.Contains($"127.0.0.1:{runPort}", outcome.Error);
        Assert.DoesNotContain($":{strangerPort}", outcome.Error);
        Assert.DoesNotContain($":{plainPort}", outcome.Error);
        Assert.DoesNotContain("Welcome from", withOther.Output + plain.Output);
        Assert.False(seed.HasExited);
    }

    [Fact]
    public async Task A_plaintext_connection_to_the_tls_port_is_refused_and_the_node_still_serves_a_run()
    {
        var cert = TestCertificates.Write();
        int seedPort = FreePort();
        using var seed = new Node($"node --seed 127.0.0.1:{seedPort} --port {seedPort} --telemetry none --tls-cert \"{cert}\" --tls-password {Password}");
        await seed.WaitFor("mutual TLS");

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, seedPort);
            var stream = client.GetStream();
            // An HTTP request (as a stray health check would send) followed by bytes framed as Akka's plaintext protocol frames them.
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: node\r\n\r\n"u8.ToArray());
            await stream.WriteAsync(new byte[] { 0x32, 0, 0, 0, 0x12, 0x30, 0x08, 0x01, 0x12, 0x2c });
            stream.ReadTimeout = 30_000;
            // The node closes the connection without answering: a read ends (0 bytes) or the connection is reset.
            int read;
            try { read = await stream.ReadAsync(new byte[256]).AsTask().WaitAsync(TimeSpan.FromSeconds(60)); }
            catch (IOException) { read = 0; }
            Assert.Equal(0, read);
        }
        await seed.WaitFor("Rejected incoming connection");

        var model = Model("after-plaintext", 11);
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");
        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "2", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", distributed, "--no-plot", "--cluster", $"127.0.0.1:{seedPort}", "--nodes", "2", "--host-shards",
            "--shards-per-node", "1", "--join-timeout", "60", "--tls-cert", cert, "--tls-password", Password);

        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output);
        Assert.Equal(ResultsReader.Read(local).Spikes.Select(p => p.TimesMs), ResultsReader.Read(distributed).Spikes.Select(p => p.TimesMs));
    }
}

/// <summary>The <c>cert create</c> command and the TLS options, in process.</summary>
public class TlsOptionTests
{
    [Fact]
    public void Cert_create_writes_a_certificate_for_tls_servers_and_clients_and_prints_its_pinned_thumbprint()
    {
        var path = Path.Combine(Cli.TempDir(), "cluster.pfx");

        var outcome = Cli.Run("cert", "create", "--out", path, "--password", "pw", "--days", "30", "--algorithm", "rsa");

        Assert.Equal(0, outcome.ExitCode);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, "pw");
        Assert.True(certificate.HasPrivateKey);
        Assert.NotNull(certificate.GetRSAPrivateKey());
        Assert.Contains($"SHA-256 thumbprint (pinned by every node): {ClusterTls.ThumbprintOf(certificate)}", outcome.Output);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Order());
        Assert.Equal(30, (certificate.NotAfter - certificate.NotBefore).TotalDays, 0.01);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        // The pin accepts exactly this certificate.
        var tls = ClusterTls.Load(path, "pw");
        Assert.True(tls.Accepts(certificate));
        using var other = ClusterCertificate.Create("neuroactors-cluster", "ecdsa", TimeSpan.FromDays(1));
        Assert.False(tls.Accepts(other));
        Assert.False(tls.Accepts(null));
    }

    [Fact]
    public void Cert_create_does_not_overwrite_an_existing_file()
    {
        var path = Path.Combine(Cli.TempDir(), "cluster.pfx");
        File.WriteAllText(path, "keep");

        var outcome = Cli.Run("cert", "create", "--out", path);

        Cli.AssertUserError(outcome, $"--out: '{path}' already exists");
        Assert.Equal("keep", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("36501")]
    public void Cert_create_refuses_a_lifetime_out_of_range(string days)
    {
        var outcome = Cli.Run("cert", "create", "--out", Path.Combine(Cli.TempDir(), "c.pfx"), "--days", days);

        Cli.AssertUserError(outcome, $"--days: got {days}; use a whole number of days from 1 to 36500");
        Assert.Single(outcome.ErrorLines);
    }

    [Theory]
    [InlineData("node", "--seed", "127.0.0.1:1")]
    [InlineData("run", "--cluster", "127.0.0.1:1")]
    public void A_cluster_without_a_certificate_or_insecure_does_not_start(string command, string option, string seed)
    {
        string[] args = command == "run" ? ["run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), option, seed] : [command, option, seed, "--port", "0"];

        var outcome = Cli.Run(args);

        Cli.AssertUserError(outcome, "--tls-cert: no cluster certificate given; pass --tls-cert FILE.pfx");
        Assert.Contains("or --insecure", outcome.Error);
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void A_certificate_and_insecure_together_are_refused()
    {
        var outcome = Cli.Run("node", "--seed", "127.0.0.1:1", "--port", "0", "--tls-cert", "x.pfx", "--insecure");

        Cli.AssertUserError(outcome, "--insecure: contradicts --tls-cert 'x.pfx'");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void A_wrong_password_or_a_missing_file_is_one_line()
    {
        var path = Path.Combine(Cli.TempDir(), "cluster.pfx");
        Assert.Equal(0, Cli.Run("cert", "create", "--out", path, "--password", "right").ExitCode);

        var wrong = Cli.Run("node", "--seed", "127.0.0.1:1", "--port", "0", "--tls-cert", path, "--tls-password", "wrong");
        var missing = Cli.Run("node", "--seed", "127.0.0.1:1", "--port", "0", "--tls-cert", path + ".gone");

        Cli.AssertUserError(wrong, $"--tls-cert: cannot load '{path}' as a PKCS#12 certificate with this password");
        Assert.Single(wrong.ErrorLines);
        Cli.AssertUserError(missing, $"--tls-cert: cannot read '{path}.gone'");
        Assert.Single(missing.ErrorLines);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var certificate = ClusterCertificate.Create("neuroactors-cluster", "ecdsa", TimeSpan.FromDays(1));
        var path = Path.Combine(Cli.TempDir(), "public.pfx");
        using (var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData))
            File.WriteAllBytes(path, publicOnly.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, null));

        var outcome = Cli.Run("node", "--seed", "127.0.0.1:1", "--port", "0", "--tls-cert", path);

        Cli.AssertUserError(outcome, "holds no private key");
        Assert.Single(outcome.ErrorLines);
    }

    [Theory]
    [InlineData("--insecure")]
    [InlineData("--tls-cert", "x.pfx")]
    public void Tls_options_apply_only_to_a_cluster_run(params string[] option)
    {
        var outcome = Cli.Run(["run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), .. option]);

        Cli.AssertUserError(outcome, $"{option[0]}: applies only to a cluster run");
    }

    [Fact]
    public void Insecure_says_so_in_one_line_on_stderr()
    {
        // The run stops at its unreachable seed; what matters is the warning printed before it tries.
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), "--cluster", "127.0.0.1:1",
            "--insecure", "--join-timeout", "1");

        var lines = outcome.ErrorLines;
        Assert.Equal(1, lines.Count(l => l.StartsWith("warning: --insecure: cluster traffic is plaintext", StringComparison.Ordinal)));
        Assert.Equal(lines.Length - 1, lines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)));
    }
}
