using NeuroActors.Loihi.Cores;
using NeuroActors.Model;

namespace NeuroActors.Cli;

/// <summary>The Loihi part of <c>neuroactors inspect</c>: the mapping of a model's Loihi populations onto cores and chips.</summary>
public static class LoihiInspection
{
    /// <summary>The profile names <c>--loihi-profile</c> accepts.</summary>
    public static IReadOnlyList<string> ProfileNames => [.. LoihiProfile.All.Keys];

    /// <summary>
    /// The mapping report of <paramref name="spec"/>'s Loihi populations on the profile named
    /// <paramref name="profileName"/> (the default profile when null), or null when no population runs on Loihi.
    /// </summary>
    /// <exception cref="LoihiMappingException">The populations do not fit the profile's cores.</exception>
    public static string? Render(NetworkSpec spec, string? profileName)
    {
        if (!ModelMapping.HasLoihi(spec)) return null;
        var profile = profileName is null ? LoihiProfile.Default : LoihiProfile.Named(profileName, "--loihi-profile");
        return MappingReport.Render(ModelMapping.Map(spec, profile));
    }
}
