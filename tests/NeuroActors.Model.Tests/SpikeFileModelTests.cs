using NeuroActors.Model.Files;

namespace NeuroActors.Model.Tests;

/// <summary><c>spike_times: {file: …}</c>: spike trains of a spike_source_array read from a file next to the model.</summary>
public class SpikeFileModelTests
{
    private static string Dir() => Directory.CreateTempSubdirectory("spike-file-tests").FullName;

    private static string Model(string dir, string population, string rest = "")
    {
        string path = Path.Combine(dir, "model.yaml");
        File.WriteAllText(path, "simulation: {dt: 0.1, duration: 50}\npopulations:\n  - " + population + "\n" + rest);
        return path;
    }

    private static ModelError Error(string path, ISpikeTrainReader? reader = null)
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Load(path, reader));
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void TheFileIsFoundNextToTheModelAndGivesOneSortedListPerNeuron()
    {
        string dir = Dir();
        NpyWriter.WriteRecords(Path.Combine(dir, "in.npy"), "neuron", [3, 0, 3, 1, 3], "time", [7.5, 2.0, 1.25, 40.0, 3.0]);
        var spec = ModelLoader.Load(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: in.npy}}",
            "recorders: [{type: spikes, population: cue}]"));

        var pop = spec.Populations[0];
        Assert.Equal(4, pop.Size); // the largest index + 1
        Assert.Equal([[2.0], [40.0], [], [1.25, 3.0, 7.5]], pop.SpikeTimes!.Select(t => t.ToArray()).ToArray());
    }

    [Fact]
    public void AGivenSizeKeepsSilentNeuronsAtTheEndAndMustHoldEveryIndex()
    {
        string dir = Dir();
        NpyWriter.WriteColumns(Path.Combine(dir, "in.npy"), [[1, 0], [5.0, 6.0]]);
        var spec = ModelLoader.Load(Model(dir, "{name: cue, size: 6, model: spike_source_array, spike_times: {file: in.npy}}"));
        Assert.Equal(6, spec.Populations[0].SpikeTimes!.Count);

        var e = Error(Model(dir, "{name: cue, size: 1, model: spike_source_array, spike_times: {file: in.npy}}"));
        Assert.StartsWith("populations[0].spike_times.file", e.Path);
        Assert.Equal("'in.npy'", e.Value);
        Assert.Equal("spike 0: neuron index 1 must be below the population's size (1)", e.Expected);
    }

    [Fact]
    public void TimesBeforeDtOrNotFiniteAreRefusedNamingTheSpike()
    {
        string dir = Dir();
        NpyWriter.WriteColumns(Path.Combine(dir, "in.npy"), [[0, 2], [5.0, 0.04]]);
        var e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: in.npy}}"));
        Assert.Equal("spike 1: time 0.04 ms of neuron 2: spike times must be finite and at least dt (0.1 ms)", e.Expected);
        NpyWriter.WriteColumns(Path.Combine(dir, "in.npy"), [[0], [double.NaN]]);
        e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: in.npy}}"));
        Assert.Contains("time NaN ms of neuron 0", e.Expected);
    }

    [Fact]
    public void AMissingOrMalformedFileIsOneErrorNamingIt()
    {
        string dir = Dir();
        var e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: nowhere.npy}}"));
        Assert.StartsWith("populations[0].spike_times.file", e.Path);
        Assert.Equal("'nowhere.npy'", e.Value);
        Assert.Contains("nowhere.npy", e.Expected);

        File.WriteAllText(Path.Combine(dir, "bad.npy"), "neuron,time\n0,1.0\n");
        e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: bad.npy}}"));
        Assert.EndsWith("bad.npy': got no NumPy magic string; a .npy file starts with \\x93NUMPY (numpy.save writes one)", e.Expected);

        e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: in.h5}}"));
        Assert.Contains("valid spike files are .npy (NumPy) here", e.Expected);

        NpyWriter.WriteColumns(Path.Combine(dir, "in.npy"), [[0], [1.0]]);
        e = Error(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: in.npy, population: x}}"));
        Assert.Contains("an .npy file holds one population", e.Expected);
        var errors = Assert.Throws<ModelException>(() => ModelLoader.Load(Model(dir, "{name: cue, model: spike_source_array, spike_times: {path: in.npy}}"))).Errors;
        Assert.Equal(2, errors.Count); // an unknown key, and the file it did not name
        Assert.StartsWith("populations[0].spike_times.path", errors[0].Path);
        Assert.Contains("valid keys here are: file, population", errors[0].Expected);
        e = Error(Model(dir, "{name: cue, size: 2, model: iaf_psc_delta, spike_times: {file: in.npy}}"));
        Assert.Contains("only spike_source_array populations take spike_times", e.Expected);
    }

    [Fact]
    public void ASizeOrDtTheValidatorRefusesIsReportedAsSuch()
    {
        string dir = Dir();
        NpyWriter.WriteColumns(Path.Combine(dir, "in.npy"), [[1, 0], [5.0, 6.0]]);
        var e = Error(Model(dir, "{name: cue, size: 0, model: spike_source_array, spike_times: {file: in.npy}}"));
        Assert.True(e.Path.StartsWith("populations[0].size", StringComparison.Ordinal), e.ToString());
        string path = Path.Combine(dir, "model.yaml");
        File.WriteAllText(path, "simulation: {dt: -0.1}\npopulations: [{name: cue, model: spike_source_array, spike_times: {file: in.npy}}]");
        e = Error(path);
        Assert.StartsWith("simulation.dt", e.Path);
    }

    [Fact]
    public void AnotherReaderServesOtherFormatsWithThePopulationItNames()
    {
        string dir = Dir();
        var reader = new FixedReader(new SpikeTrains([0, 4], [1.0, 2.0], DeclaredSize: 10));
        var spec = ModelLoader.Load(Model(dir, "{name: cue, model: spike_source_array, spike_times: {file: sub/in.h5, population: lgn}}"), reader);
        Assert.Equal(10, spec.Populations[0].Size); // the size the file declares
        Assert.Equal((Path.Combine(dir, "sub/in.h5"), "lgn"), reader.Asked);
    }

    private sealed class FixedReader(SpikeTrains trains) : ISpikeTrainReader
    {
        public (string, string?) Asked { get; private set; }

        public SpikeTrains Read(string path, string? population)
        {
            Asked = (path, population);
            return trains;
        }
    }
}
