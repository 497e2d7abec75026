using PureHDF;

namespace NeuroActors.Results.Tests;

public class SpikeFileTests
{
    [Fact]
    public void Sonata_file_has_the_standard_layout_and_reads_back_exactly()
    {
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), "spikes.h5");
        SonataSpikes.Write(path, result.Spikes);

        using (var file = H5File.OpenRead(path))
        {
            var exc = file.Group("spikes").Group("exc");
            Assert.Equal(new ulong[] { 3, 0, 1, 3, 2 }, exc.Dataset("node_ids").Read<ulong[]>());
            Assert.Equal(new[] { 0.1, 5.0, 5.0, 20.3, 99.9 }, exc.Dataset("timestamps").Read<double[]>());
            Assert.Equal("ms", exc.Dataset("timestamps").Attribute("units").Read<string>());
            Assert.Equal("by_time", exc.Attribute("sorting").Read<string>());
            Assert.Empty(file.Group("spikes").Group("silent").Dataset("node_ids").Read<ulong[]>());
        }

        var back = SonataSpikes.Read(path).ToDictionary(p => p.Population);
        foreach (var pop in result.Spikes)
        {
            Assert.Equal(pop.NeuronIds, back[pop.Population].NeuronIds);
            Assert.Equal(pop.TimesMs, back[pop.Population].TimesMs);
            Assert.Equal(pop.Size, back[pop.Population].Size);
            Assert.Equal(pop.RecordedNeurons, back[pop.Population].RecordedNeurons);
        }
    }

    [Fact]
    public void Csv_is_sorted_by_time_then_population_order_then_neuron()
    {
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), "spikes.csv");
        SpikesCsv.Write(path, result.Spikes);

        Assert.Equal(
        [
            "population,neuron,time_ms",
            "exc,3,0.1",
            "exc,0,5",
            "exc,1,5",
            "inh,1,5",
            "inh,0,7.7",
            "exc,3,20.3",
            "exc,2,99.9",
            "inh,1,100",
        ], File.ReadAllLines(path));
    }

    [Fact]
    public void Csv_reads_back_with_sizes_from_the_summary()
    {
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), "spikes.csv");
        SpikesCsv.Write(path, result.Spikes);
        var summary = Summary.Of(result, SpikesCsv.FileName, null);

        var back = SpikesCsv.Read(path, summary.Populations);

        Assert.Equal(result.Spikes.Select(p => p.Population), back.Select(p => p.Population));
        for (int p = 0; p < back.Count; p++)
        {
            Assert.Equal(result.Spikes[p].NeuronIds, back[p].NeuronIds);
            Assert.Equal(result.Spikes[p].TimesMs, back[p].TimesMs);
        }
    }

    [Fact]
    public void Csv_with_an_unknown_population_is_refused_with_its_line()
    {
        var dir = SampleResults.TempDir();
        var path = Path.Combine(dir, "spikes.csv");
        File.WriteAllLines(path, ["population,neuron,time_ms", "exc,0,1.5", "ghost,1,2"]);
        var summary = Summary.Of(SampleResults.Make(), SpikesCsv.FileName, null);

        var error = Assert.Throws<ResultsException>(() => SpikesCsv.Read(path, summary.Populations));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("ghost,1,2", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_hdf5_is_refused()
    {
        var path = Path.Combine(SampleResults.TempDir(), "spikes.h5");
        File.WriteAllText(path, "population,neuron,time_ms\n");

        var error = Assert.Throws<ResultsException>(() => SonataSpikes.Read(path));

        Assert.Contains("not a NeuroActors spike file", error.Message);
    }

    [Theory]
    [InlineData(SpikeFormat.Hdf5)]
    [InlineData(SpikeFormat.Csv)]
    public void Trace_values_read_back_bit_for_bit(SpikeFormat format)
    {
        var result = SampleResults.Make();
        var dir = SampleResults.TempDir();
        var path = Path.Combine(dir, "traces");
        if (format == SpikeFormat.Hdf5) TraceFiles.WriteHdf5(path, result.Traces);
        else TraceFiles.WriteCsv(path, result.Traces);

        var back = format == SpikeFormat.Hdf5 ? TraceFiles.ReadHdf5(path) : TraceFiles.ReadCsv(path);

        var expected = Assert.Single(result.Traces);
        var trace = Assert.Single(back);
        Assert.Equal((expected.Population, expected.Variable, expected.Unit), (trace.Population, trace.Variable, trace.Unit));
        Assert.Equal(expected.NeuronIds, trace.NeuronIds);
        // Times lie on the dt grid and are printed to 1 ns in CSV; values keep every bit.
        Assert.Equal(expected.TimesMs, trace.TimesMs, (a, b) => Math.Abs(a - b) < 1e-9);
        for (int n = 0; n < expected.Values.Length; n++)
            Assert.Equal(expected.Values[n].Select(BitConverter.DoubleToInt64Bits), trace.Values[n].Select(BitConverter.DoubleToInt64Bits));
    }
}
