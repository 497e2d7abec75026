using NeuroActors.Model.Files;
using PureHDF;

namespace NeuroActors.Results.Tests;

/// <summary>Spike trains read for a model's spike_source_array from SONATA spike files (ours and other tools') and .npy files.</summary>
public class SpikeTrainFileTests
{
    [Fact]
    public void A_population_of_a_file_we_wrote_reads_back_with_its_size()
    {
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), "spikes.h5");
        SonataSpikes.Write(path, result.Spikes);

        foreach (var pop in result.Spikes)
        {
            var trains = SpikeTrainFiles.Instance.Read(path, pop.Population);
            Assert.Equal(pop.NeuronIds, trains.Neurons);
            Assert.Equal(pop.TimesMs, trains.TimesMs);
            Assert.Equal(pop.Size, trains.DeclaredSize);
        }
        var ex = Assert.Throws<InvalidDataException>(() => SpikeTrainFiles.Instance.Read(path, null));
        Assert.Equal($"'{path}': population: got nothing; the file holds {result.Spikes.Count} populations, name one of: "
            + string.Join(", ", result.Spikes.Select(p => p.Population)), ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => SpikeTrainFiles.Instance.Read(path, "lgn"));
        Assert.StartsWith($"'{path}': population: got 'lgn'; the populations in /spikes are: ", ex.Message);
    }

    // Other tools write node ids as uint64 (SONATA's type), int64 or 32-bit integers and timestamps as float64 or
    // float32, without NeuroActors' population_size; one population needs no name.
    [Fact]
    public void A_file_of_another_tool_with_other_widths_and_no_size_is_read()
    {
        var path = Path.Combine(SampleResults.TempDir(), "other.h5");
        var group = new H5Group
        {
            ["node_ids"] = new H5Dataset(new uint[] { 2, 0, 9 }),
            ["timestamps"] = new H5Dataset(new float[] { 1.5f, 0.25f, 30f }),
        };
        new H5File { ["spikes"] = new H5Group { ["v1"] = group } }.Write(path);

        var trains = SonataSpikes.ReadTrains(path, null);

        Assert.Equal([2, 0, 9], trains.Neurons);
        Assert.Equal([1.5, 0.25, 30.0], trains.TimesMs);
        Assert.Null(trains.DeclaredSize);

        path = Path.Combine(SampleResults.TempDir(), "signed.h5");
        new H5File { ["spikes"] = new H5Group { ["v1"] = new H5Group
        {
            ["node_ids"] = new H5Dataset(new long[] { 4, 1 }), ["timestamps"] = new H5Dataset(new double[] { 2, 3 }),
        } } }.Write(path);
        Assert.Equal([4, 1], SonataSpikes.ReadTrains(path, "v1").Neurons);
    }

    [Fact]
    public void A_file_that_is_not_a_sonata_spike_file_is_refused_in_one_line()
    {
        string dir = SampleResults.TempDir();
        string noSpikes = Path.Combine(dir, "edges.h5");
        new H5File { ["edges"] = new H5Group() }.Write(noSpikes);
        Assert.Equal($"'{noSpikes}': /spikes: got nothing; a SONATA spike file holds a group /spikes with one group per population",
            Assert.Throws<InvalidDataException>(() => SonataSpikes.ReadTrains(noSpikes, null)).Message);

        string seconds = Path.Combine(dir, "seconds.h5");
        var times = new H5Dataset(new double[] { 0.5 }) { Attributes = new() { ["units"] = "s" } };
        new H5File { ["spikes"] = new H5Group { ["a"] = new H5Group { ["node_ids"] = new H5Dataset(new ulong[] { 0 }), ["timestamps"] = times } } }.Write(seconds);
        Assert.Equal($"'{seconds}': /spikes/a/timestamps units: got 's'; timestamps in ms",
            Assert.Throws<InvalidDataException>(() => SonataSpikes.ReadTrains(seconds, null)).Message);

        string missing = Path.Combine(dir, "missing.h5");
        new H5File { ["spikes"] = new H5Group { ["a"] = new H5Group { ["node_ids"] = new H5Dataset(new ulong[] { 0 }) } } }.Write(missing);
        Assert.Equal($"'{missing}': /spikes/a/timestamps: got nothing; a SONATA population group holds node_ids and timestamps",
            Assert.Throws<InvalidDataException>(() => SonataSpikes.ReadTrains(missing, null)).Message);

        string text = Path.Combine(dir, "text.h5");
        File.WriteAllText(text, "not hdf5");
        var ex = Assert.Throws<InvalidDataException>(() => SonataSpikes.ReadTrains(text, null));
        Assert.StartsWith($"'{text}': file: got ", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);

        ex = Assert.Throws<InvalidDataException>(() => SpikeTrainFiles.Instance.Read(Path.Combine(dir, "spikes.csv"), null));
        Assert.EndsWith("file type: got '.csv'; valid spike files are .npy (NumPy) and .h5 or .hdf5 (SONATA spikes)", ex.Message);
    }

    [Fact]
    public void Npy_files_go_to_the_numpy_reader()
    {
        var path = Path.Combine(SampleResults.TempDir(), "in.npy");
        NpyWriter.WriteColumns(path, [[1, 0], [2.5, 3.5]]);
        var trains = SpikeTrainFiles.Instance.Read(path, null);
        Assert.Equal([1, 0], trains.Neurons);
        Assert.Equal([2.5, 3.5], trains.TimesMs);
    }
}
