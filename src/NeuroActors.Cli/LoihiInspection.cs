using NeuroActors.Loihi.Cores;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Cli;

/// <summary>
/// The Loihi part of <c>neuroactors inspect</c>: how float populations on Loihi are quantised (parameters and weight
/// error), and the mapping of the model's Loihi populations onto cores and chips.
/// </summary>
public static class LoihiInspection
{
    /// <summary>
    /// The profile names <c>--loihi-profile</c> accepts: the model's list (a test holds it equal to
    /// <see cref="LoihiProfile.All"/>), so that building the command line does not load the Loihi assembly.
    /// </summary>
    public static IReadOnlyList<string> ProfileNames => SimulationSpec.LoihiProfiles;

    /// <summary>
    /// The mapping report of <paramref name="spec"/>'s Loihi populations on the profile named
    /// <paramref name="profileName"/> (the model's, else the default profile, when null), or null when no population
    /// runs on Loihi. The mapping is the one a run uses (<see cref="RunMapping"/>).
    /// </summary>
    /// <exception cref="LoihiMappingException">The populations do not fit the profile's cores.</exception>
    /// <exception cref="ModelException">A float population on Loihi cannot be quantised.</exception>
    public static string? Render(NetworkSpec spec, string? profileName)
    {
        if (!ModelMapping.HasLoihi(spec)) return null;
        if (profileName is not null)
            spec = spec with { Simulation = spec.Simulation with { LoihiProfile = LoihiProfile.Named(profileName, "--loihi-profile").Name } };
        var quantised = LoihiQuantiser.Quantise(spec);
        string mapping = MappingReport.Render(RunMapping.Of(spec));
        return quantised.Populations.Count == 0 ? mapping : $"Quantised onto Loihi's fixed point:\n{quantised}\n\n{mapping}";
    }
}
