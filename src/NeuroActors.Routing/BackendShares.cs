using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// How a number of shards is shared between the shard backends a model uses. A shard holds populations of one
/// backend only, so every backend in use needs a shard of its own; the others go, one at a time, to the backend whose
/// shards hold the most neurons each (D'Hondt's rule on neuron counts; a tie goes to the backend named first in the
/// model). With one backend, it gets every shard.
/// </summary>
public static class BackendShares
{
    /// <summary>The backends <paramref name="spec"/>'s populations use, in the order of their first population.</summary>
    public static IReadOnlyList<string> InUse(NetworkSpec spec) => [.. spec.Populations.Select(p => p.BackendName).Distinct()];

    /// <summary>
    /// The shards of each backend of <see cref="InUse"/> when <paramref name="shards"/> are shared between them.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="shards">Shards to share.</param>
    /// <param name="option">The option or setting that asked for <paramref name="shards"/>, for the error message.</param>
    /// <exception cref="ArgumentException">Fewer shards than backends in use.</exception>
    public static int[] Of(NetworkSpec spec, int shards, string option = "shards")
    {
        var backends = InUse(spec);
        if (shards < backends.Count)
            throw new ArgumentException($"{option}: got {shards}; the model computes its populations on {backends.Count} shard backends (" +
                string.Join("; ", backends.Select(b => $"{b}: {string.Join(", ", spec.Populations.Where(p => p.BackendName == b).Select(p => p.Name))}")) +
                $") and a shard holds populations of one backend, so it needs at least {backends.Count} shards", nameof(shards));
        var neurons = backends.Select(b => spec.Populations.Where(p => p.BackendName == b).Sum(p => (long)p.Size)).ToArray();
        var share = Enumerable.Repeat(1, backends.Count).ToArray();
        for (int given = backends.Count; given < shards; given++)
        {
            int most = 0;
            // neurons[b] / share[b] > neurons[most] / share[most], in whole numbers so that every node agrees.
            for (int b = 1; b < share.Length; b++)
                if (neurons[b] * share[most] > neurons[most] * share[b]) most = b;
            share[most]++;
        }
        return share;
    }
}
