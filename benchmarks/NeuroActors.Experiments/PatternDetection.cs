namespace NeuroActors.Experiments;

/// <summary>
/// How well a neuron's spikes pick out a repeating pattern, as Masquelier et al. (2008) score it: a presentation is
/// a hit when the neuron fires inside it (from its start to its end), every spike outside all presentations is a
/// false alarm, and the latency of a hit is the time from the start of the presentation to the first spike in it.
/// </summary>
/// <param name="FromMs">Start of the scored stretch.</param>
/// <param name="ToMs">End of the scored stretch.</param>
/// <param name="Presentations">Presentations that start in the stretch.</param>
/// <param name="Hits">Those with a spike inside.</param>
/// <param name="FalseAlarms">Spikes in the stretch outside every presentation.</param>
/// <param name="MeanLatencyMs">Mean latency of the hits (NaN without hits).</param>
public sealed record PatternDetection(double FromMs, double ToMs, int Presentations, int Hits, int FalseAlarms, double MeanLatencyMs)
{
    /// <summary>Hits per presentation (NaN without presentations).</summary>
    public double HitRate => Presentations == 0 ? double.NaN : Hits / (double)Presentations;

    /// <summary>False alarms per second of the stretch.</summary>
    public double FalseAlarmsPerSecond => FalseAlarms / ((ToMs - FromMs) / 1000);

    /// <summary>Scores <paramref name="spikesMs"/> (sorted) against presentations of <paramref name="lengthMs"/> starting at <paramref name="startsMs"/> (sorted), in stretches of <paramref name="binMs"/>.</summary>
    public static IReadOnlyList<PatternDetection> Score(double[] spikesMs, double[] startsMs, double lengthMs, double durationMs, double binMs)
    {
        var result = new List<PatternDetection>();
        for (double from = 0; from < durationMs - 1e-9; from += binMs)
        {
            double to = Math.Min(durationMs, from + binMs);
            int presentations = 0, hits = 0, falseAlarms = 0;
            double latency = 0;
            foreach (double start in startsMs)
            {
                if (start < from || start >= to) continue;
                presentations++;
                int first = FirstAtOrAfter(spikesMs, start);
                if (first < spikesMs.Length && spikesMs[first] < start + lengthMs)
                {
                    hits++;
                    latency += spikesMs[first] - start;
                }
            }
            for (int i = FirstAtOrAfter(spikesMs, from); i < spikesMs.Length && spikesMs[i] < to; i++)
            {
                int p = FirstAtOrAfter(startsMs, spikesMs[i] - lengthMs + 1e-9);
                bool inside = p < startsMs.Length && startsMs[p] <= spikesMs[i];
                if (!inside) falseAlarms++;
            }
            result.Add(new PatternDetection(from, to, presentations, hits, falseAlarms, hits == 0 ? double.NaN : latency / hits));
        }
        return result;
    }

    private static int FirstAtOrAfter(double[] sorted, double t)
    {
        int i = Array.BinarySearch(sorted, t);
        if (i < 0) return ~i;
        while (i > 0 && sorted[i - 1] == t) i--;
        return i;
    }
}
