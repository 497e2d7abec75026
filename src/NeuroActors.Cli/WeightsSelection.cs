using NeuroActors.Model;

namespace NeuroActors.Cli;

/// <summary>What <c>run --weights</c> accepts: which projections' final weights go to <c>weights.h5</c>.</summary>
internal static class WeightsSelection
{
    public const string None = "none", All = "all", Plastic = "plastic";

    public const string Help = "Projections whose final weights are written to weights.h5 (SONATA edges) with their histograms in weights.png: " +
        "'plastic' (the default: every projection with a plastic synapse model), 'none', 'all', or projection names separated by commas (an unnamed projection is 'source->target').";

    /// <summary>The projection labels <paramref name="value"/> selects, or an error naming what is valid.</summary>
    public static IReadOnlyList<string>? Resolve(string value, NetworkSpec spec, out string? error)
    {
        error = null;
        var labels = spec.Projections.Select(p => p.Label).ToList();
        IReadOnlyList<string> chosen;
        switch (value.Trim())
        {
            case None: return [];
            case All: chosen = labels; break;
            case Plastic: chosen = spec.Projections.Where(p => p.Synapse.Plasticity is not null).Select(p => p.Label).ToList(); break;
            default:
                chosen = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
                foreach (string name in chosen)
                    if (!labels.Contains(name))
                    {
                        error = $"--weights: got '{name}'; use '{Plastic}', '{None}', '{All}' or projections of the model: {string.Join(", ", labels.Select(l => $"'{l}'"))}";
                        return null;
                    }
                break;
        }
        // Weights are gathered by label: a label that several (unnamed) projections share names none of them alone.
        foreach (string name in chosen)
            if (labels.Count(l => l == name) is > 1 and int n)
            {
                error = $"--weights: '{name}' is the label of {n} projections (unnamed projections between the same populations); give them names in the model, or choose other projections";
                return null;
            }
        return chosen;
    }
}
