using System.Text;
using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>
/// Input a new user can write by mistake or on purpose: each is refused with errors naming the place, the value and
/// what is valid, never accepted into a wrong run, never a crash (docs/reliability.md, "Input limits").
/// </summary>
public class InputLimitsTests
{
    private const string Pop = "populations:\n  - {name: exc, size: 10, model: iaf_psc_delta}\n";

    private static ModelException Refused(string yaml) => Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml));

    private static ModelError At(string yaml, string path)
    {
        var ex = Refused(yaml);
        var match = ex.Errors.FirstOrDefault(e => e.Path.StartsWith(path, StringComparison.Ordinal));
        Assert.True(match is not null, $"no error at {path}; got: {ex.Message}");
        return match!;
    }

    [Theory]
    [InlineData("tau_m", ".inf")]
    [InlineData("c_m", ".inf")]
    [InlineData("v_th", ".inf")]
    [InlineData("v_th", "-.inf")]
    [InlineData("i_e", "-.inf")]
    [InlineData("i_e", "inf")]
    [InlineData("t_ref", ".inf")]
    public void InfiniteNeuronParametersAreRefused(string name, string value)
    {
        var e = At($"populations:\n  - {{name: exc, size: 10, model: iaf_psc_delta, parameters: {{{name}: {value}}}}}\n", $"populations[0].parameters.{name}");
        Assert.Contains("Infinity", e.Value);
        Assert.Contains("must be a finite number", e.Expected);
    }

    [Theory]
    [InlineData("{type: poisson_generator, target: exc, rate: .inf, weight: 1}", "stimuli[0].rate")]
    [InlineData("{type: poisson_generator, target: exc, rates: [1, 2, 3, 4, 5, 6, 7, 8, 9, .inf], weight: 1}", "stimuli[0].rates[9]")]
    [InlineData("{type: inhomogeneous_poisson_generator, target: exc, rate_times: [1], rate_values: [.inf], weight: 1}", "stimuli[0].rate_values[0]")]
    [InlineData("{type: dc, target: exc, amplitude: .inf}", "stimuli[0].amplitude")]
    [InlineData("{type: step_current, target: exc, times: [1, 2], amplitudes: [5, -.inf]}", "stimuli[0].amplitudes[1]")]
    [InlineData("{type: step_current, target: exc, times: [1, .inf], amplitudes: [5, 6]}", "stimuli[0].times[1]")]
    public void InfiniteStimulusValuesAreRefused(string stimulus, string path)
    {
        var e = At(Pop + "stimuli:\n  - " + stimulus + "\n", path);
        Assert.Contains("Infinity", e.Value);
        Assert.Contains("finite", e.Expected);
    }

    [Theory]
    [InlineData("{normal: [.inf, 1]}")]
    [InlineData("{normal: [-70, .inf]}")]
    [InlineData("{normal_clipped: [.inf, 1, -80, -60]}")]
    [InlineData("{normal_clipped: [-70, .inf, -80, -60]}")]
    [InlineData("{lognormal: [.inf, 1]}")]
    [InlineData("{lognormal: [1, .inf]}")]
    [InlineData("{uniform: [-70, .inf]}")]
    public void InfiniteDistributionParametersAreRefused(string distribution)
    {
        var e = At($"populations:\n  - {{name: exc, size: 10, model: iaf_psc_delta, initial: {{v: {distribution}}}}}\n", "populations[0].initial.v");
        Assert.Contains("finite", e.Expected);
        e = At(Pop + $"projections:\n  - {{source: exc, target: exc, connector: {{rule: all_to_all}}, synapse: {{weight: {distribution}, delay: 1}}}}\n",
            "projections[0].synapse.weight");
        Assert.Contains("finite", e.Expected);
    }

    [Theory]
    [InlineData("[2147483648]", "recorders[0].neurons[0]")]
    [InlineData("[1, 4294967297]", "recorders[0].neurons[1]")]
    [InlineData("{range: [2147483648, 2147483650]}", "recorders[0].neurons.range")]
    public void RecorderIndicesBeyond32BitsAreRefusedNotDropped(string neurons, string path)
    {
        var e = At(Pop + $"recorders:\n  - {{type: spikes, population: exc, neurons: {neurons}}}\n", path);
        Assert.Contains("below the population's size", e.Expected);
    }

    [Theory]
    [InlineData("{range: [0, 2147483648]}")]
    [InlineData("{range: [0, 2000000000]}")] // two billion indices would take 8 GB before the validator saw them
    public void ARangeBeyondEveryPopulationIsRefusedAtItsFirstIndexOutside(string neurons)
    {
        var ex = Refused(Pop + $"recorders:\n  - {{type: spikes, population: exc, neurons: {neurons}}}\n");
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("recorders[0].neurons[10]", "10"), (e.Path, e.Value));
        Assert.Contains("must lie in [0, 10)", e.Expected);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("99999999999999")]
    public void APopulationOfMoreThan2Pow31NeuronsIsRefusedNotClamped(string size)
    {
        var e = At($"populations:\n  - {{name: big, size: {size}, model: iaf_psc_delta}}\n", "populations[0].size");
        Assert.Equal(size, e.Value);
        Assert.Contains("at most 2,147,483,647 neurons", e.Expected);
        e = At($"populations:\n  - {{name: a, size: 10, model: iaf_psc_delta}}\n  - {{name: big, size: {size}, model: iaf_psc_delta}}\n", "populations[1].size");
        Assert.Equal(size, e.Value);
    }

    [Fact]
    public void NetworksWhoseSizesSumBeyond2Pow31AreRefused()
    {
        var e = At("populations:\n  - {name: a, size: 2000000000, model: iaf_psc_delta}\n  - {name: b, size: 2000000000, model: iaf_psc_delta}\n", "populations");
        Assert.Equal("4,000,000,000 neurons in all", e.Value);
        Assert.Contains("at most 2,147,483,647", e.Expected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DeepNestingIsOneErrorNotAStackOverflow(bool flow)
    {
        const int depth = 100_000;
        string yaml = flow
            ? "populations: " + new string('[', depth) + new string(']', depth) + "\n"
            : "populations:\n" + string.Concat(Enumerable.Range(1, 3000).Select(i => new string(' ', i) + "- \n"));
        var ex = Refused(yaml);
        var e = Assert.Single(ex.Errors);
        Assert.StartsWith("$ (line", e.Path);
        Assert.Contains($"nested more than {YamlLimits.MaxDepth} deep", e.Value);
    }

    [Fact]
    public void AliasExpansionIsBoundedBeforeTheTreeIsRead()
    {
        var yaml = new StringBuilder("a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        for (int i = 1; i <= 30; i++) yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        yaml.Append("populations: [*a30]\n");
        var e = Assert.Single(Refused(yaml.ToString()).Errors);
        Assert.Contains("aliases counted as what they stand for", e.Value);
        Assert.Contains("at most 2,000,000", e.Expected);
    }

    [Fact]
    public void ALongListOfWrongTypesGivesACappedListAndCountsTheRest()
    {
        const int n = 150_000;
        var yaml = new StringBuilder("populations:\n");
        for (int i = 0; i < n; i++) yaml.Append("  - {name: p").Append(i).Append(", size: x, model: iaf_psc_delta}\n");
        var ex = Refused(yaml.ToString());
        Assert.Equal(ModelErrors.Cap, ex.Errors.Count);
        Assert.Equal(n - ModelErrors.Cap, ex.MoreErrors);
        Assert.Equal($"… and {n - ModelErrors.Cap:N0} more errors", ex.Lines().Last());
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AValueWithLineBreaksIsShownOnOneLine()
    {
        var ex = Refused("populations:\n  - name: \"a\\nb\"\n    size: \"1\\n2\"\n    model: iaf_psc_delta\n");
        Assert.All(ex.Lines(), line => Assert.DoesNotContain('\n', line));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(0.15, 0.1, 2)] // 1.4999999999999998 in binary: a half, rounded up as NEST does
    [InlineData(0.25, 0.1, 3)]
    [InlineData(0.35, 0.1, 4)]
    [InlineData(0.14, 0.1, 1)]
    [InlineData(0.16, 0.1, 2)]
    [InlineData(1.5, 1.0, 2)]
    [InlineData(2.5, 1.0, 3)] // half to even would give 2
    [InlineData(1.0, 0.1, 10)]
    [InlineData(0.3, 0.1, 3)] // 2.9999999999999996 in binary
    public void DelaysRoundToTheNearestStepHalvesUp(double delayMs, double dtMs, int steps) =>
        Assert.Equal(steps, TimeGrid.DelaySteps(delayMs, dtMs));
}

/// <summary>Inputs the loader fuzzer found (ModelLoaderFuzzTests), kept as cases.</summary>
public class FuzzFoundTests
{
    [Fact]
    public void AnEmptyKeyBeforeALessIndentedKeyIsMalformedYamlNotAnArgumentException()
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse("# a comment\n  : x\nsimulation:\n  dt: 0.1\npopulations: []\n"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("$", "malformed YAML"), (e.Path, e.Value));
        Assert.Contains("indentation", e.Expected);
    }
}
