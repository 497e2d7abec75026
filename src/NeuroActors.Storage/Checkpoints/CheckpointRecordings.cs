using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroActors.Model;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// What a run had counted from the start of its recordings up to a checkpoint, so that a run resumed from it reports
/// the figures of the uninterrupted run.
/// </summary>
/// <param name="Spikes">Spikes emitted by all neurons, recorded or not.</param>
/// <param name="SynapticEvents">Synaptic events delivered.</param>
/// <param name="SimulationSeconds">Wall time spent simulating, summed over every segment of the run so far.</param>
public sealed record RecordingTotals(long Spikes, long SynapticEvents, double SimulationSeconds)
{
    /// <summary>Nothing counted yet.</summary>
    public static RecordingTotals None { get; } = new(0, 0, 0);
}

/// <summary>One file of a checkpoint's recordings: its name inside <see cref="CheckpointRecordings.DirectoryName"/>, its length and SHA-256 (lowercase hex).</summary>
public sealed record RecordingFile(string File, long Length, string Sha256);

/// <summary>
/// The samples a state recorder took before a checkpoint, all of its neurons in one series: chunks of
/// <c>[int32 samples][int64 steps…][float64 values: variable-major, then neuron (ascending), then sample]</c>.
/// </summary>
/// <param name="Recorder">Index of the recorder in the model.</param>
/// <param name="Neurons">The recorder's neurons (indices within the population), ascending: the series' rows.</param>
/// <param name="Samples">Samples in the file.</param>
/// <param name="File">The file.</param>
public sealed record StateRecording(int Recorder, IReadOnlyList<int> Neurons, long Samples, RecordingFile File);

/// <summary>
/// The weight records (weight recorders) made before a checkpoint: <see cref="WeightRecordFiles.RecordSize"/>-byte
/// records (step int64, projection, source gid, target gid int32, weight float32, little-endian) in (step, projection,
/// source, target) order, those of presynaptic spikes before <paramref name="UntilStep"/>: the checkpoint's step, or the
/// step of the earliest spike it had not delivered (a resumed run delivers, and records, those).
/// </summary>
/// <param name="Count">Records in the file.</param>
/// <param name="UntilStep">Every record's presynaptic step is before it.</param>
/// <param name="File">The file.</param>
public sealed record WeightRecording(long Count, long UntilStep, RecordingFile File);

/// <summary>
/// The recordings a checkpoint carries of the run before it, so that a run resumed from it goes on recording as if it
/// had never stopped: the files in the checkpoint's <see cref="DirectoryName"/> sub-directory (one spike file in global
/// (step, gid) order, one series per state recorder, neither depending on the number of shards) and their description
/// in the manifest's <c>session</c> object under <see cref="Key"/>: the step the recordings start at, the run's totals
/// at the checkpoint, and each file's length and SHA-256. The files are written before the manifest, so a checkpoint
/// stays complete or absent; on resume every file is verified as it is copied into the session's store.
/// </summary>
/// <param name="FromStep">The step the recordings start at (0, unless the run itself resumed from a checkpoint without recordings).</param>
/// <param name="Step">The checkpoint's step: the recordings hold what was recorded before it.</param>
/// <param name="Totals">The run's totals from <paramref name="FromStep"/> up to <paramref name="Step"/>.</param>
/// <param name="SpikeCount">Spikes in the spike file (those of recorded neurons).</param>
/// <param name="Spikes">The spike file.</param>
/// <param name="State">One series per state recorder that took samples before <paramref name="Step"/>, in the model's order.</param>
/// <param name="Weights">The weight records, when the model has weight recorders.</param>
public sealed record CheckpointRecordings(long FromStep, long Step, RecordingTotals Totals, long SpikeCount, RecordingFile Spikes,
    IReadOnlyList<StateRecording> State, WeightRecording? Weights = null)
{
    /// <summary>The sub-directory of the checkpoint that holds the files.</summary>
    public const string DirectoryName = "recordings";

    /// <summary>The key of the description in the manifest's <c>session</c> object.</summary>
    public const string Key = "recordings";

    /// <summary>Name of the spike file: packed (step, gid) longs, little-endian, strictly ascending.</summary>
    public const string SpikeFileName = "spikes.bin";

    /// <summary>Name of the series of state recorder <paramref name="recorder"/>.</summary>
    public static string StateFileName(int recorder) => $"state-{recorder}.bin";

    /// <summary>Name of the weight record file.</summary>
    public const string WeightFileName = "weights.bin";

    /// <summary>
    /// Writes the recordings <paramref name="store"/> holds before step <paramref name="step"/> (those of recorded
    /// neurons, read through fixed buffers) into <paramref name="checkpointDirectory"/>, replacing any there. Any
    /// manifest in the directory is deleted first: the checkpoint is complete again only once its new manifest is
    /// committed.
    /// </summary>
    /// <param name="store">The session's recordings, which start at <paramref name="fromStep"/>.</param>
    /// <param name="checkpointDirectory">The checkpoint being written.</param>
    /// <param name="fromStep">The step the recordings start at.</param>
    /// <param name="step">The checkpoint's step.</param>
    /// <param name="totals">The run's totals from <paramref name="fromStep"/> up to <paramref name="step"/>.</param>
    /// <param name="weightsUntil">Weight records of presynaptic spikes before this step are written (a model with weight
    /// recorders): the step of the earliest spike the snapshot had not delivered, or <paramref name="step"/>.</param>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static CheckpointRecordings Write(RecordingStore store, string checkpointDirectory, long fromStep, long step, RecordingTotals totals, long? weightsUntil = null) =>
        RecordingsExport.Write(store, checkpointDirectory, fromStep, step, totals, weightsUntil ?? step);

    /// <summary>
    /// Copies the files into <paramref name="store"/> (empty, of the same model) as its carried recordings, verifying
    /// each: its length and checksum, spikes strictly ascending, at or after <see cref="FromStep"/> and before
    /// <see cref="Step"/> and of neurons the model records, sample steps likewise and on the recorder's interval.
    /// </summary>
    /// <exception cref="CheckpointException">A file is missing, damaged or does not fit the model (one line naming the file).</exception>
    public void ImportInto(RecordingStore store, string checkpointDirectory) => RecordingsImport.Import(this, store, checkpointDirectory);

    /// <summary>Removes the recordings sub-directory of <paramref name="checkpointDirectory"/>, if any (a checkpoint written without recordings).</summary>
    public static void Delete(string checkpointDirectory)
    {
        string dir = Path.Combine(checkpointDirectory, DirectoryName);
        if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
    }

    /// <summary>The description as the manifest's <c>session</c> object holds it under <see cref="Key"/>.</summary>
    public JsonObject ToJson() => new JsonObject
    {
        ["from_step"] = FromStep,
        ["spikes_emitted"] = Totals.Spikes,
        ["synaptic_events"] = Totals.SynapticEvents,
        ["simulation_seconds"] = Totals.SimulationSeconds,
        ["spikes"] = new JsonObject
        {
            ["file"] = Spikes.File, ["count"] = SpikeCount, ["length"] = Spikes.Length, ["sha256"] = Spikes.Sha256,
        },
        ["state"] = new JsonArray([.. State.Select(s => (JsonNode)new JsonObject
        {
            ["recorder"] = s.Recorder,
            ["neurons"] = new JsonArray([.. s.Neurons.Select(n => (JsonNode)n)]),
            ["samples"] = s.Samples,
            ["file"] = s.File.File, ["length"] = s.File.Length, ["sha256"] = s.File.Sha256,
        })]),
    }.WithWeights(Weights);

    /// <summary>
    /// Reads the description from a checkpoint's <c>session</c> object; null when it has none (a checkpoint written
    /// before recordings were carried, or of a snapshot whose recordings were cut).
    /// </summary>
    /// <param name="session">The manifest's <c>session</c> object.</param>
    /// <param name="spec">The model being resumed.</param>
    /// <param name="step">The checkpoint's step.</param>
    /// <param name="source">What to call the checkpoint in messages.</param>
    /// <exception cref="CheckpointException">A field is missing, of the wrong type, or does not fit the model or the checkpoint.</exception>
    public static CheckpointRecordings? FromJson(JsonObject session, NetworkSpec spec, long step, string source)
    {
        if (!session.TryGetPropertyValue(Key, out var node)) return null;
        CheckpointException Bad(string path, string problem) => new($"{source}: session: {Key}{path} {problem}");
        try
        {
            var o = node as JsonObject ?? throw Bad("", "is not an object");
            long Long(JsonObject x, string name, string at)
            {
                long v = (x[name] ?? throw Bad($"{at}.{name}", "is missing")).GetValue<long>();
                return v >= 0 ? v : throw Bad($"{at}.{name}", $"is {v}, negative");
            }
            string Sha(JsonObject x, string at)
            {
                string sha = (x["sha256"] ?? throw Bad($"{at}.sha256", "is missing")).GetValue<string>();
                return sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) ? sha : throw Bad($"{at}.sha256", $"is '{sha}', not 64 lowercase hex digits");
            }
            string File(JsonObject x, string at, string expected)
            {
                string file = (x["file"] ?? throw Bad($"{at}.file", "is missing")).GetValue<string>();
                return file == expected ? file : throw Bad($"{at}.file", $"is '{file}'; it must be '{expected}'");
            }

            long from = Long(o, "from_step", "");
            if (from > step) throw Bad(".from_step", $"is {from}, after the checkpoint's step {step}");
            double seconds = (o["simulation_seconds"] ?? throw Bad(".simulation_seconds", "is missing")).GetValue<double>();
            if (!(seconds >= 0) || double.IsInfinity(seconds)) throw Bad(".simulation_seconds", $"is {seconds}, not a time");
            var totals = new RecordingTotals(Long(o, "spikes_emitted", ""), Long(o, "synaptic_events", ""), seconds);

            var spikes = o["spikes"] as JsonObject ?? throw Bad(".spikes", "is missing or not an object");
            long count = Long(spikes, "count", ".spikes"), length = Long(spikes, "length", ".spikes");
            if (length != count * sizeof(long)) throw Bad(".spikes.length", $"is {length}; {count} spikes take {count * sizeof(long)} bytes");
            if (count > totals.Spikes) throw Bad(".spikes.count", $"is {count}, more than the {totals.Spikes} spikes emitted");
            var spikeFile = new RecordingFile(File(spikes, ".spikes", SpikeFileName), length, Sha(spikes, ".spikes"));

            var list = o["state"] as JsonArray ?? throw Bad(".state", "is missing or not an array");
            var state = new List<StateRecording>();
            for (int i = 0; i < list.Count; i++)
            {
                string at = $".state[{i}]";
                var s = list[i] as JsonObject ?? throw Bad(at, "is not an object");
                int recorder = (s["recorder"] ?? throw Bad($"{at}.recorder", "is missing")).GetValue<int>();
                if (recorder < 0 || recorder >= spec.Recorders.Count || spec.Recorders[recorder].Kind != RecorderKind.State)
                    throw Bad($"{at}.recorder", $"is {recorder}, not a state recorder of the model (it has {spec.Recorders.Count} recorders)");
                if (state.Any(x => x.Recorder == recorder)) throw Bad($"{at}.recorder", $"is {recorder}, listed twice");
                var neurons = (s["neurons"] as JsonArray ?? throw Bad($"{at}.neurons", "is missing or not an array"))
                    .Select((n, k) => (n ?? throw Bad($"{at}.neurons[{k}]", "is null")).GetValue<int>()).ToArray();
                var expected = RecorderNeurons(spec, recorder);
                if (!neurons.AsSpan().SequenceEqual(expected))
                    throw Bad($"{at}.neurons", $"are not the {expected.Length} neurons recorder {recorder} records ({spec.Recorders[recorder].Population}), ascending");
                long samples = Long(s, "samples", at), bytes = Long(s, "length", at);
                if (samples == 0) throw Bad($"{at}.samples", "is 0; a recorder without samples is not listed");
                // Each chunk holds at least one sample: one header per sample at most.
                long perSample = sizeof(long) + (long)sizeof(double) * spec.Recorders[recorder].Variables!.Count * neurons.Length;
                if (bytes < samples * perSample + sizeof(int) || bytes > samples * (perSample + sizeof(int)))
                    throw Bad($"{at}.length", $"is {bytes}, which cannot hold {samples} samples of {neurons.Length} neurons");
                state.Add(new StateRecording(recorder, neurons, samples, new RecordingFile(File(s, at, StateFileName(recorder)), bytes, Sha(s, at))));
            }
            WeightRecording? weights = null;
            if (o["weights"] is { } wn)
            {
                var w = wn as JsonObject ?? throw Bad(".weights", "is not an object");
                if (!spec.Recorders.Any(r => r.Kind == RecorderKind.Weights)) throw Bad(".weights", "is present, but the model has no weight recorder");
                long records = Long(w, "count", ".weights"), bytes = Long(w, "length", ".weights"), until = Long(w, "until_step", ".weights");
                if (bytes != records * WeightRecordFiles.RecordSize) throw Bad(".weights.length", $"is {bytes}; {records} records take {records * WeightRecordFiles.RecordSize} bytes");
                if (until < from || until > step) throw Bad(".weights.until_step", $"is {until}, outside [{from}, {step}]");
                weights = new WeightRecording(records, until, new RecordingFile(File(w, ".weights", WeightFileName), bytes, Sha(w, ".weights")));
            }
            return new CheckpointRecordings(from, step, totals, count, spikeFile, state, weights);
        }
        // A value of the wrong JSON type.
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            throw new CheckpointException($"{source}: session: {Key}: {ex.Message}");
        }
    }

    /// <summary>The neurons (indices within its population) state recorder <paramref name="recorder"/> records, ascending.</summary>
    internal static int[] RecorderNeurons(NetworkSpec spec, int recorder)
    {
        var rec = spec.Recorders[recorder];
        return rec.Neurons is { } listed ? [.. listed.Order()] : [.. Enumerable.Range(0, spec.Populations[spec.PopulationIndex(rec.Population)].Size)];
    }

    /// <summary>Per gid: whether the model records its spikes (only those are carried).</summary>
    internal static bool[] RecordedGids(NetworkSpec spec)
    {
        var recorded = new bool[spec.Populations.Sum(p => p.Size)];
        int offset = 0;
        foreach (var pop in spec.Populations)
        {
            foreach (var rec in spec.Recorders.Where(r => r.Kind == RecorderKind.Spikes && r.Population == pop.Name))
                foreach (int i in rec.Neurons ?? Enumerable.Range(0, pop.Size).ToArray()) recorded[offset + i] = true;
            offset += pop.Size;
        }
        return recorded;
    }
}

internal static class WeightRecordingJson
{
    /// <summary>Adds the weight records' description under <c>weights</c>, when there is one (so manifests without stay as they were).</summary>
    public static JsonObject WithWeights(this JsonObject o, WeightRecording? weights)
    {
        if (weights is not null)
            o["weights"] = new JsonObject
            {
                ["file"] = weights.File.File, ["count"] = weights.Count, ["until_step"] = weights.UntilStep,
                ["length"] = weights.File.Length, ["sha256"] = weights.File.Sha256,
            };
        return o;
    }
}
