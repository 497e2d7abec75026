namespace NeuroActors.Experiments;

/// <summary>
/// The input of Masquelier, Guyonneau and Thorpe (2008): afferents that fire as Poisson processes whose rates wander
/// in [0, 90] Hz, with a 50 ms spike pattern of half of them copied at random times, and 10 Hz of spontaneous
/// spikes on top of everything, so that the pattern is neither denser nor otherwise distinguishable from the rest.
/// </summary>
/// <param name="Afferents">Spike times per afferent, in ms, sorted.</param>
/// <param name="PatternStartsMs">Start of each presentation of the pattern (ms).</param>
/// <param name="InPattern">Whether each afferent takes part in the pattern.</param>
public sealed record PatternInput(double[][] Afferents, double[] PatternStartsMs, bool[] InPattern)
{
    /// <summary>Length of the pattern and of the sections the input is cut into (ms).</summary>
    public const double SectionMs = 50;

    /// <summary>Generation settings, with the paper's values as defaults.</summary>
    /// <param name="Afferents">Number of afferents (2,000).</param>
    /// <param name="DurationMs">Length of the input (225 s).</param>
    /// <param name="MaxRateHz">Largest rate of an afferent (90 Hz).</param>
    /// <param name="MaxRateChangeHzPerS">Largest speed of change of a rate (1,800 Hz/s).</param>
    /// <param name="RateAccelerationHzPerS">Largest change of that speed per ms (360 Hz/s), drawn uniformly each ms.</param>
    /// <param name="MaxSilenceMs">An afferent silent this long fires (50 ms): the paper makes every afferent fire at least once per pattern length.</param>
    /// <param name="PatternShare">Share of the 50 ms sections that hold the pattern (a quarter), never two in a row.</param>
    /// <param name="PatternAfferentShare">Share of the afferents that take part in the pattern (half).</param>
    /// <param name="SpontaneousHz">Rate of the spontaneous spikes added everywhere (10 Hz).</param>
    /// <param name="JitterMs">Standard deviation of a Gaussian jitter on each copied pattern spike (0: exact copies).</param>
    public sealed record Settings(int Afferents = 2000, double DurationMs = 225_000, double MaxRateHz = 90, double MaxRateChangeHzPerS = 1800,
        double RateAccelerationHzPerS = 360, double MaxSilenceMs = 50, double PatternShare = 0.25, double PatternAfferentShare = 0.5,
        double SpontaneousHz = 10, double JitterMs = 0);

    /// <summary>Generates the input; the same <paramref name="seed"/> gives the same spikes.</summary>
    public static PatternInput Generate(Settings s, int seed)
    {
        var random = new Random(seed);
        int sections = (int)(s.DurationMs / SectionMs);
        var patternSection = ChoosePatternSections(sections, s.PatternShare, random);
        int firstPattern = Array.IndexOf(patternSection, true);
        var inPattern = new bool[s.Afferents];
        foreach (int i in Enumerable.Range(0, s.Afferents).OrderBy(_ => random.Next()).Take((int)Math.Round(s.PatternAfferentShare * s.Afferents)))
            inPattern[i] = true;

        var afferents = new double[s.Afferents][];
        var spikes = new List<double>();
        for (int i = 0; i < s.Afferents; i++)
        {
            spikes.Clear();
            Background(s, random, spikes);
            if (inPattern[i] && firstPattern >= 0)
            {
                // The pattern is the afferent's own background in the first pattern section, copied into the others.
                double from = firstPattern * SectionMs;
                var pattern = spikes.Where(t => t >= from && t < from + SectionMs).Select(t => t - from).ToArray();
                spikes.RemoveAll(t => patternSection[Math.Min(sections - 1, (int)(t / SectionMs))]);
                for (int k = 0; k < sections; k++)
                    if (patternSection[k])
                        foreach (double t in pattern)
                            spikes.Add(k * SectionMs + t + (s.JitterMs > 0 ? s.JitterMs * Gaussian(random) : 0));
            }
            for (double t = Exponential(random, s.SpontaneousHz); t < s.DurationMs; t += Exponential(random, s.SpontaneousHz)) spikes.Add(t);
            spikes.RemoveAll(t => t < 0 || t >= s.DurationMs);
            spikes.Sort();
            afferents[i] = [.. spikes];
        }
        var starts = Enumerable.Range(0, sections).Where(k => patternSection[k]).Select(k => k * SectionMs).ToArray();
        return new PatternInput(afferents, starts, inPattern);
    }

    /// <summary>About <paramref name="share"/> of the sections, at random, never two adjacent ones.</summary>
    internal static bool[] ChoosePatternSections(int sections, double share, Random random)
    {
        // With probability p per section, and none right after one, the long-run share is p / (1 + p).
        double p = share / (1 - share);
        var chosen = new bool[sections];
        for (int k = 0; k < sections; k++)
            chosen[k] = (k == 0 || !chosen[k - 1]) && random.NextDouble() < p;
        return chosen;
    }

    // The rate follows a random walk in speed, drawn each ms, kept in [0, max]; in each ms the afferent fires with
    // probability rate·1 ms at a uniform time within it; after MaxSilenceMs without a spike it fires.
    private static void Background(Settings s, Random random, List<double> spikes)
    {
        double rate = random.NextDouble() * s.MaxRateHz;
        double speed = (2 * random.NextDouble() - 1) * s.MaxRateChangeHzPerS;
        double last = -random.NextDouble() * s.MaxSilenceMs;
        for (int ms = 0; ms < (int)s.DurationMs; ms++)
        {
            double t = ms + random.NextDouble();
            if (random.NextDouble() < rate / 1000 || t - last >= s.MaxSilenceMs)
            {
                spikes.Add(t);
                last = t;
            }
            speed = Math.Clamp(speed + (2 * random.NextDouble() - 1) * s.RateAccelerationHzPerS, -s.MaxRateChangeHzPerS, s.MaxRateChangeHzPerS);
            rate = Math.Clamp(rate + speed / 1000, 0, s.MaxRateHz);
        }
    }

    private static double Exponential(Random random, double rateHz) => -Math.Log(1 - random.NextDouble()) * 1000 / rateHz;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
