using System.CommandLine;
using NeuroActors.Model;
using NeuroActors.Runtime.Cluster;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary><c>neuroactors node</c>: starts a cluster worker that hosts the shards coordinators place on it.</summary>
public static class NodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var seed = ClusterOptions.Seed(required: true);
        var hostname = ClusterOptions.Hostname();
        var port = ClusterOptions.Port(defaultPort: 4053);
        var role = new Option<string>("--role") { Description = "worker (hosts shards).", DefaultValueFactory = _ => ClusterSettings.WorkerRole };
        role.AcceptOnlyFromAmong(ClusterSettings.WorkerRole);
        var model = new Option<string?>("--model") { Description = "Accept only runs of this model file and its seed." };
        var telemetry = TelemetryOption.Create();
        var config = new Option<string?>("--config") { Description = "Cluster settings file (e.g. configs/cluster.yaml); options and environment variables override it." };
        var tlsCert = ClusterOptions.TlsCert();
        var tlsPassword = ClusterOptions.TlsPassword();
        var insecure = ClusterOptions.Insecure();
        var command = new Command("node", "Start a cluster worker node; it runs until stopped (Ctrl+C).")
        {
            seed, hostname, port, role, model, telemetry, config, tlsCert, tlsPassword, insecure,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            NetworkSpec? pinned = null;
            if (parse.GetValue(model) is { } path && !ModelFile.TryLoad(cli, path, out pinned)) return CliApp.UserError;
            var file = ClusterConfigFile.Empty;
            if (parse.GetValue(config) is { } configPath && (file = ClusterConfigFile.TryLoad(cli, configPath)) is null) return CliApp.UserError;
            if (!ClusterOptions.TryParseSeeds(cli, ClusterConfigFile.Pick(parse, seed, ClusterOptions.SeedVariable, file.Seed, parse.GetValue(seed)), out var seeds))
                return CliApp.UserError;
            if (!ClusterOptions.TryLoadTls(cli, ClusterOptions.CertificatePath(parse, tlsCert, insecure), parse.GetValue(tlsPassword), parse.GetValue(insecure), out var tls))
                return CliApp.UserError;
            var settings = new ClusterSettings(
                ClusterConfigFile.Pick(parse, hostname, ClusterOptions.HostnameVariable, file.Hostname, parse.GetValue(hostname))!,
                ClusterConfigFile.Pick(parse, port, ClusterOptions.PortVariable, file.Port, parse.GetValue(port)), seeds, parse.GetValue(role)!, Tls: tls);
            string? exporters = ClusterConfigFile.Pick(parse, telemetry, Telemetry.TelemetryOptions.ExportersVariable, file.Telemetry, parse.GetValue(telemetry));
            using var session = TelemetryOption.TryStart(cli, exporters, "neuroactors-node");
            if (session is null) return CliApp.UserError;
            Akka.Actor.ActorSystem system;
            try { system = CliNode.Start(settings, pinned); }
            catch (ClusterRunException ex) { return cli.Fail($"--port: {ex.Message}"); }
            var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
            cli.Console.WriteLine($"node {self} ({settings.Role}) joining {string.Join(", ", seeds)}" +
                (pinned is null ? "" : $", pinned to model '{pinned.Simulation.Name}' seed {pinned.Simulation.Seed}") + "; Ctrl+C stops it");
            if (tls is not null) cli.Console.WriteLine($"mutual TLS: peers must present the cluster certificate, SHA-256 {tls.Thumbprint}");
            try { await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellation), system.WhenTerminated); }
            catch (OperationCanceledException) { /* Ctrl+C: leave the cluster politely */ }
            // SIGTERM may reach Akka's own exit hook before this command's signal handler: a shutdown for the process's
            // exit is a stop like Ctrl+C, not a removal.
            if (system.WhenTerminated.IsCompleted && !cancellation.IsCancellationRequested
                && Akka.Actor.CoordinatedShutdown.Get(system).ShutdownReason is not Akka.Actor.CoordinatedShutdown.ClrExitReason)
            {
                // Downed by the split-brain resolver (its side of a partition lost), or removed while unreachable: the
                // node cannot rejoin as it is. Exiting lets whatever supervises it (a restart policy) start a fresh one.
                return cli.Fail($"node {self} was removed from the cluster (downed while unreachable, see docs/cluster.md#downing); " +
                    "start it again to rejoin");
            }
            await Akka.Actor.CoordinatedShutdown.Get(system).Run(Akka.Actor.CoordinatedShutdown.ClrExitReason.Instance);
            cli.Console.WriteLine($"node {self} stopped");
            return 0;
        });
        return command;
    }
}
