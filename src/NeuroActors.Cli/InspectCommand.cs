using System.CommandLine;
using Spectre.Console;
using NeuroActors.Loihi.Cores;
using NeuroActors.Routing;

namespace NeuroActors.Cli;

/// <summary>
/// <c>neuroactors inspect MODEL</c>: how a model would be cut, keyed, routed and placed on a cluster, and the
/// traffic to expect between nodes, without running anything.
/// </summary>
public static class InspectCommand
{
    private static readonly Dictionary<string, RouterProfile> Profiles = new()
    {
        ["unlimited"] = RouterProfile.Unlimited,
        ["spinnaker1"] = RouterProfile.SpiNNaker1,
        ["spinnaker2"] = RouterProfile.SpiNNaker2,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var model = new Argument<string>("model") { Description = "Model file (YAML)." };
        var nodes = new Option<int>("--nodes") { Description = "Number of worker nodes to place the shards on.", DefaultValueFactory = _ => 1 };
        var placement = new Option<string>("--placement") { Description = "Placement strategy.", DefaultValueFactory = _ => ClusterLayout.DefaultStrategy };
        placement.AcceptOnlyFromAmong([.. ClusterLayout.Strategies.Keys]);
        var profile = new Option<string>("--router") { Description = "Routing table capacity to check against.", DefaultValueFactory = _ => "unlimited" };
        profile.AcceptOnlyFromAmong([.. Profiles.Keys]);
        var rate = new Option<double>("--rate") { Description = "Assumed firing rate (Hz) for the traffic estimate.", DefaultValueFactory = _ => TrafficEstimate.DefaultRateHz };
        var loihi = new Option<string?>("--loihi-profile") { Description = "Loihi profile to map populations with backend 'loihi' onto (default: the model's simulation.loihi.profile, else loihi2)." };
        loihi.AcceptOnlyFromAmong([.. LoihiInspection.ProfileNames]);
        var command = new Command("inspect", "Show slices, routing keys, routing tables before and after compression, placement and expected traffic, " +
            "and how Loihi populations map onto neurocores.")
        {
            model, nodes, placement, profile, rate, loihi,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(nodes) < 1) return cli.Fail($"--nodes: got {parse.GetValue(nodes)}; use a whole number of at least 1");
            if (!(parse.GetValue(rate) >= 0) || double.IsInfinity(parse.GetValue(rate))) return cli.Fail($"--rate: got {parse.GetValue(rate)}; use a finite rate >= 0 Hz");
            if (!ModelFile.TryLoad(cli, parse.GetValue(model)!, out var spec)) return CliApp.UserError;
            try
            {
                var options = ClusterLayout.Inspection(spec, parse.GetValue(nodes), parse.GetValue(placement)!, Profiles[parse.GetValue(profile)!], parse.GetValue(rate));
                var result = Inspector.Inspect(spec, options);
                cli.Console.Write(new Text(InspectReport.Render(result)));
                // The report shows every table; a table that cannot fit its router is still a mapping error.
                foreach (var table in result.Tables) RouterFit.Fit(table, result.Profile);
                if (LoihiInspection.Render(spec, parse.GetValue(loihi)) is { } cores) cli.Console.Write(new Text("\n" + cores));
                return 0;
            }
            catch (MappingException ex)
            {
                return cli.Fail($"cannot map '{spec.Simulation.Name}': {ex.Message}");
            }
            catch (LoihiMappingException ex)
            {
                return cli.Fail($"cannot map '{spec.Simulation.Name}' onto Loihi cores: {ex.Message}");
            }
        });
        return command;
    }
}
