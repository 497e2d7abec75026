using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Tests;

public sealed class RecordingStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "neuroactors-storage-tests", Guid.NewGuid().ToString("N"));

    public RecordingStoreTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(SpikeFormat.Hdf5)]
    [InlineData(SpikeFormat.Csv)]
    public void Files_from_the_store_equal_the_in_memory_writers_files(SpikeFormat format)
    {
        var run = SampleRun.Make(shards: 4, steps: 3000, seed: 1);
        using var store = run.Feed(_root, new Random(2), bufferLimit: 5000);

        var fromStore = store.WriteResults(run.Stats, Path.Combine(_root, "store"), format);
        var fromMemory = ResultsWriter.Write(store.ToRunResult(run.Stats), Path.Combine(_root, "memory"), format);

        Assert.Equal(fromMemory, fromStore);
        Assert.Contains(format == SpikeFormat.Csv ? TraceFiles.CsvFileName : TraceFiles.Hdf5FileName, fromStore);
        foreach (var name in fromStore)
            Assert.True(File.ReadAllBytes(Path.Combine(_root, "memory", name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_root, "store", name))), name);
    }

    [Fact]
    public void The_store_holds_what_the_shards_recorded_in_global_order()
    {
        var run = SampleRun.Make(shards: 3, steps: 2000, seed: 5);
        using var store = run.Feed(_root, new Random(6), bufferLimit: 1000);

        var result = store.ToRunResult(run.Stats);

        var expected = run.ExpectedResult();
        Assert.Equal(expected.Spikes.Count, result.Spikes.Count);
        for (int p = 0; p < expected.Spikes.Count; p++)
        {
            Assert.Equal(expected.Spikes[p].Population, result.Spikes[p].Population);
            Assert.Equal(expected.Spikes[p].RecordedNeurons, result.Spikes[p].RecordedNeurons);
            Assert.Equal(expected.Spikes[p].NeuronIds, result.Spikes[p].NeuronIds);
            Assert.Equal(expected.Spikes[p].TimesMs, result.Spikes[p].TimesMs);
        }
        Assert.Equal(expected.Traces.Count, result.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++)
        {
            Assert.Equal(expected.Traces[t].Variable, result.Traces[t].Variable);
            Assert.Equal(expected.Traces[t].Unit, result.Traces[t].Unit);
            Assert.Equal(expected.Traces[t].NeuronIds, result.Traces[t].NeuronIds);
            Assert.Equal(expected.Traces[t].TimesMs, result.Traces[t].TimesMs);
            for (int n = 0; n < expected.Traces[t].Values.Length; n++) Assert.Equal(expected.Traces[t].Values[n], result.Traces[t].Values[n]);
        }
        Assert.True(result.Spikes.Sum(p => p.NeuronIds.Length) > 1000, "the sample must be large enough to cross block boundaries");
    }

    [Theory]
    [InlineData(SpikeFormat.Hdf5)]
    [InlineData(SpikeFormat.Csv)]
    public void Any_interleaving_and_buffer_size_gives_the_same_files(SpikeFormat format)
    {
        var run = SampleRun.Make(shards: 5, steps: 2500, seed: 9);
        string[]? first = null;
        string firstDir = "";
        foreach (var (seed, limit) in new[] { (10, 64), (11, 100_000), (12, 777) })
        {
            using var store = run.Feed(_root, new Random(seed), limit);
            string dir = Path.Combine(_root, $"out-{seed}");
            var files = store.WriteResults(run.Stats, dir, format, plots: false).ToArray();
            if (first is null) { first = files; firstDir = dir; continue; }
            Assert.Equal(first, files);
            foreach (var name in files)
                Assert.True(File.ReadAllBytes(Path.Combine(firstDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))), $"{name} with limit {limit}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(737)]
    [InlineData(1500)]
    [InlineData(2999)]
    [InlineData(100_000)]
    public void Truncating_equals_never_receiving_the_later_data(long step)
    {
        var run = SampleRun.Make(shards: 3, steps: 3000, seed: 21);
        using var truncated = run.Feed(_root, new Random(22), bufferLimit: 300);
        truncated.TruncateTo(step);
        using var early = run.Before(step).Feed(_root, new Random(23), bufferLimit: 300);

        Assert.Equal(early.Positions().SpikesPerShard, truncated.Positions().SpikesPerShard);
        Assert.Equal(early.Positions().SamplesPerRecorder, truncated.Positions().SamplesPerRecorder);
        var a = truncated.WriteResults(run.Stats, Path.Combine(_root, "truncated"), SpikeFormat.Csv, plots: false);
        early.WriteResults(run.Stats, Path.Combine(_root, "early"), SpikeFormat.Csv, plots: false);
        foreach (var name in a)
            Assert.Equal(File.ReadAllText(Path.Combine(_root, "early", name)), File.ReadAllText(Path.Combine(_root, "truncated", name)));
    }

    [Fact]
    public void A_truncated_store_takes_the_rest_of_the_run_again()
    {
        var run = SampleRun.Make(shards: 2, steps: 2000, seed: 31);
        using var whole = run.Feed(_root, new Random(32), bufferLimit: 400);
        using var resumed = run.Feed(_root, new Random(33), bufferLimit: 400);
        resumed.TruncateTo(1234);
        run.From(1234).FeedInto(resumed, new Random(34));

        Assert.Equal(whole.Positions().SpikesPerShard, resumed.Positions().SpikesPerShard);
        var a = whole.ToRunResult(run.Stats);
        var b = resumed.ToRunResult(run.Stats);
        for (int p = 0; p < a.Spikes.Count; p++)
        {
            Assert.Equal(a.Spikes[p].NeuronIds, b.Spikes[p].NeuronIds);
            Assert.Equal(a.Spikes[p].TimesMs, b.Spikes[p].TimesMs);
        }
        for (int t = 0; t < a.Traces.Count; t++)
            for (int n = 0; n < a.Traces[t].Values.Length; n++) Assert.Equal(a.Traces[t].Values[n], b.Traces[t].Values[n]);
    }

    [Fact]
    public void Summary_statistics_equal_the_reference_on_the_same_spikes()
    {
        var run = SampleRun.Make(shards: 4, steps: 4000, seed: 41);
        using var store = run.Feed(_root, new Random(42), bufferLimit: 2000);
        store.WriteResults(run.Stats, Path.Combine(_root, "out"), SpikeFormat.Hdf5, plots: false);
        var summary = Summary.Read(Path.Combine(_root, "out", Summary.FileName));
        var result = store.ToRunResult(run.Stats);

        Assert.Equal(result.Spikes.Select(p => p.Population), summary.Populations.Select(p => p.Name));
        double seconds = run.Stats.BiologicalMs / 1000;
        for (int p = 0; p < result.Spikes.Count; p++)
        {
            var (rate, cv) = ReferenceStats(result.Spikes[p], seconds);
            Assert.Equal(result.Spikes[p].NeuronIds.Length, summary.Populations[p].Spikes);
            Assert.Equal(rate, summary.Populations[p].RateHz);
            Assert.Equal(cv, summary.Populations[p].CvIsi);
            Assert.Equal(new SummaryStats(rate, cv), SummaryStats.ForPopulation(result.Spikes[p], seconds));
        }
        Assert.Contains(summary.Populations, p => p.CvIsi is not null);
    }

    [Fact]
    public void Five_million_spikes_pass_through_a_bounded_buffer()
    {
        var spec = SampleRun.MakeSpec();
        const int shards = 8, limit = 1 << 14;
        using var store = new RecordingStore(spec, shards, _root, limit);
        var random = new Random(51);
        var step = new long[shards];
        var chunk = new long[3000];
        long total = 0;
        while (total < 5_000_000)
        {
            int s = random.Next(shards);
            int n = random.Next(1, chunk.Length);
            // Each shard owns gids s, s+8, s+16, …, in (step, gid) order.
            for (int i = 0; i < n; i++) chunk[i] = SpikeEvent.Pack(step[s] + i / 5, s + shards * (i % 5));
            step[s] += (n + 4) / 5;
            store.AppendSpikes(s, chunk.AsSpan(0, n));
            total += n;
            Assert.True(store.BufferedElements <= limit);
        }
        Assert.True(store.PeakBufferedElements <= limit);
        Assert.Equal(total, Enumerable.Range(0, shards).Sum(store.SpikeCount));

        using var reader = store.OpenReader();
        long seen = 0;
        double lastTime = double.MinValue;
        reader.ReadOrdered((_, _, t) =>
        {
            seen += t.Length;
            foreach (double x in t) { Assert.True(x >= lastTime); lastTime = x; }
        });
        Assert.Equal(total, seen);
    }

    [Fact]
    public void Spikes_out_of_order_for_a_shard_are_refused()
    {
        using var store = new RecordingStore(SampleRun.MakeSpec(), 2, _root);
        store.AppendSpikes(0, [SpikeEvent.Pack(5, 1)]);
        Assert.Throws<ArgumentException>(() => store.AppendSpikes(0, [SpikeEvent.Pack(4, 1)]));
        store.AppendSpikes(1, [SpikeEvent.Pack(4, 2)]); // another shard may lag behind
        Assert.Equal(1, store.SpikeCount(0));
    }

    [Fact]
    public void Clear_empties_and_dispose_deletes_the_files()
    {
        var run = SampleRun.Make(shards: 2, steps: 500, seed: 61);
        var store = run.Feed(_root, new Random(62), bufferLimit: 100);
        store.Flush();
        Assert.NotEmpty(Directory.EnumerateFiles(store.Directory));
        store.Clear();
        Assert.Empty(Directory.EnumerateFiles(store.Directory));
        Assert.All(store.Positions().SpikesPerShard, c => Assert.Equal(0, c));
        Assert.All(store.ToRunResult(run.Stats).Spikes, p => Assert.Empty(p.NeuronIds));
        store.Dispose();
        Assert.False(Directory.Exists(store.Directory));
    }

    /// <summary>The CV of ISIs as SummaryStats computed it before streaming: whole trains in a dictionary.</summary>
    private static (double Rate, double? Cv) ReferenceStats(PopulationSpikes spikes, double seconds)
    {
        double rate = spikes.RecordedNeurons > 0 && seconds > 0 ? spikes.NeuronIds.Length / (spikes.RecordedNeurons * seconds) : 0;
        var trains = new Dictionary<int, List<double>>();
        for (int i = 0; i < spikes.NeuronIds.Length; i++)
        {
            if (!trains.TryGetValue(spikes.NeuronIds[i], out var train)) trains[spikes.NeuronIds[i]] = train = [];
            train.Add(spikes.TimesMs[i]);
        }
        double sum = 0;
        int counted = 0;
        foreach (var train in trains.Values)
        {
            if (train.Count < 3) continue;
            double mean = (train[^1] - train[0]) / (train.Count - 1);
            double squares = 0;
            for (int k = 1; k < train.Count; k++)
            {
                double d = train[k] - train[k - 1] - mean;
                squares += d * d;
            }
            sum += Math.Sqrt(squares / (train.Count - 1)) / mean;
            counted++;
        }
        return (rate, counted > 0 ? sum / counted : null);
    }
}
