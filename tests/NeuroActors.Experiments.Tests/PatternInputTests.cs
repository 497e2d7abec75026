namespace NeuroActors.Experiments.Tests;

/// <summary>The input is the one Masquelier et al. (2008) describe: checked against their definitions, not against itself.</summary>
public class PatternInputTests
{
    private static readonly PatternInput.Settings Short = new(Afferents: 200, DurationMs: 20_000);
    private static readonly PatternInput Input = PatternInput.Generate(Short, seed: 7);

    [Fact]
    public void Pattern_afferents_repeat_the_same_spikes_in_every_presentation_apart_from_spontaneous_ones()
    {
        // Each presentation holds the pattern's spikes exactly, plus the 10 Hz spontaneous spikes that fall in it
        // (0.5 expected per afferent per presentation): the pattern's spikes are those present in most presentations.
        var starts = Input.PatternStartsMs;
        Assert.True(starts.Length > 50);
        int withPattern = 0;
        for (int i = 0; i < Short.Afferents; i++)
        {
            // Times relative to each presentation's start differ from the copied ones only by rounding (k·50 + t - k·50).
            var perPresentation = starts.Select(s => Input.Afferents[i].Where(t => t >= s && t < s + PatternInput.SectionMs)
                .Select(t => t - s).ToArray()).ToList();
            static bool Has(double[] times, double t) => times.Any(x => Math.Abs(x - t) < 1e-6);
            var recurring = perPresentation[0].Where(t => perPresentation.Count(p => Has(p, t)) > starts.Length / 2).ToList();
            if (Input.InPattern[i])
            {
                if (recurring.Count > 0) withPattern++;
                Assert.All(perPresentation, p => Assert.All(recurring, t => Assert.True(Has(p, t), $"afferent {i} misses its pattern spike at {t} ms")));
            }
            else Assert.Empty(recurring);
        }
        Assert.Equal(Short.Afferents / 2, Input.InPattern.Count(x => x));
        // Every afferent fires at least once per 50 ms, give or take the millisecond the rule is checked in: nearly
        // every pattern afferent has a spike in the pattern.
        Assert.True(withPattern >= 0.95 * Short.Afferents / 2, $"{withPattern} pattern afferents with a pattern spike");
    }

    [Fact]
    public void Presentations_take_about_a_quarter_of_the_sections_and_are_never_adjacent()
    {
        int sections = (int)(Short.DurationMs / PatternInput.SectionMs);
        var gaps = Input.PatternStartsMs.Zip(Input.PatternStartsMs.Skip(1), (a, b) => b - a);
        Assert.All(gaps, g => Assert.True(g >= 2 * PatternInput.SectionMs, $"gap {g} ms"));
        Assert.All(Input.PatternStartsMs, s => Assert.Equal(0, s % PatternInput.SectionMs));
        // A two-state chain with stationary share 1/4; over 400 sections its count stays within ±6 standard deviations (σ ≈ 7).
        Assert.InRange(Input.PatternStartsMs.Length, sections / 4 - 45, sections / 4 + 45);
    }

    [Fact]
    public void Afferents_fire_at_the_papers_population_rate_and_sorted_inside_the_run()
    {
        // Rates wander uniformly over [0, 90] Hz (mean 45), each afferent fires at least every 50 ms (adding about 9 Hz
        // when its rate is low), and 10 Hz of spontaneous spikes come on top: the paper's 64 Hz on average.
        double rate = Input.Afferents.Sum(a => a.Length) / (Short.DurationMs / 1000) / Short.Afferents;
        Assert.InRange(rate, 58, 70);
        Assert.All(Input.Afferents, a =>
        {
            Assert.True(a.Zip(a.Skip(1)).All(p => p.First <= p.Second));
            Assert.All(a, t => Assert.InRange(t, 0, Short.DurationMs));
        });
    }

    [Fact]
    public void The_same_seed_gives_the_same_input_and_another_seed_another()
    {
        var again = PatternInput.Generate(Short, seed: 7);
        var other = PatternInput.Generate(Short, seed: 8);
        Assert.Equal(Input.PatternStartsMs, again.PatternStartsMs);
        Assert.Equal(Input.Afferents[17], again.Afferents[17]);
        Assert.NotEqual(Input.Afferents[17], other.Afferents[17]);
    }
}

public class PatternDetectionTests
{
    [Fact]
    public void Hits_false_alarms_and_latency_follow_the_papers_definitions()
    {
        // Presentations at 100, 300 and 1100 ms (50 ms long); spikes: 104 (hit, latency 4), 120 (second spike of that
        // hit), 200 (false alarm), 349.9 (hit at the very end, latency 49.9), 350 (just after: false alarm), 1100 (hit, 0).
        double[] starts = [100, 300, 1100];
        double[] spikes = [104, 120, 200, 349.9, 350, 1100];

        var bins = PatternDetection.Score(spikes, starts, 50, 2000, 1000);

        Assert.Equal(2, bins.Count);
        Assert.Equal((2, 2, 2), (bins[0].Presentations, bins[0].Hits, bins[0].FalseAlarms));
        Assert.Equal((4 + 49.9) / 2, bins[0].MeanLatencyMs, 9);
        Assert.Equal(2.0, bins[0].FalseAlarmsPerSecond, 12);
        Assert.Equal((1, 1, 0), (bins[1].Presentations, bins[1].Hits, bins[1].FalseAlarms));
        Assert.Equal(0, bins[1].MeanLatencyMs);
        Assert.Equal(1.0, bins[1].HitRate);
    }

    [Fact]
    public void A_silent_neuron_has_no_hits_and_no_latency()
    {
        var bins = PatternDetection.Score([], [0, 100], 50, 200, 200);
        Assert.Equal(0.0, bins[0].HitRate);
        Assert.True(double.IsNaN(bins[0].MeanLatencyMs));
        Assert.Equal(0, bins[0].FalseAlarms);
    }
}
