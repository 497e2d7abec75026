using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>Where one section lies in its part file and the SHA-256 of its bytes (lowercase hex).</summary>
public sealed record SectionEntry(string Name, long Offset, long Length, string Sha256);

/// <summary>
/// One part of a format-2 checkpoint as the manifest lists it: the file, the shard that wrote it, the step, the
/// gids whose rows it holds, and its sections in file order.
/// </summary>
public sealed record PartEntry(string File, int Shard, long Step, IReadOnlyList<GidRange> Gids, IReadOnlyList<SectionEntry> Sections)
{
    /// <summary>Length of the part file: its sections tile it.</summary>
    public long Length => Sections.Count == 0 ? 0 : Sections[^1].Offset + Sections[^1].Length;

    /// <summary>Number of neurons whose rows the part holds.</summary>
    public int NeuronCount => Gids.Sum(r => r.Count);

    /// <summary>The section named <paramref name="name"/> (one of <see cref="CheckpointSections"/>).</summary>
    public SectionEntry Section(string name) =>
        Sections.FirstOrDefault(s => s.Name == name) ?? throw new CheckpointException($"{File}: the manifest lists no section '{name}'");

    /// <summary>Whether the part holds any of <paramref name="held"/>.</summary>
    public bool Overlaps(IReadOnlyList<GidRange> held) => Gids.Any(g => held.Any(h => h.Overlaps(g)));

    /// <summary>Equal when every field and every range and section is equal.</summary>
    public bool Equals(PartEntry? other) =>
        other is not null && File == other.File && Shard == other.Shard && Step == other.Step &&
        Gids.SequenceEqual(other.Gids) && Sections.SequenceEqual(other.Sections);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(File, Shard, Step, Gids.Count, Sections.Count);
}

/// <summary>Names of a part's sections, in the order they lie in the file.</summary>
public static class CheckpointSections
{
    /// <summary>Magic, format, shard, step and fingerprint.</summary>
    public const string Header = "header";
    /// <summary>Gids and state rows, one block per population.</summary>
    public const string Neurons = "neurons";
    /// <summary>Input delivered but not yet consumed: gid, receptor, step, value.</summary>
    public const string Pending = "pending";
    /// <summary>Spikes the shard emitted that no shard has delivered yet, packed with SpikeEvent.Pack.</summary>
    public const string Inflight = "inflight";
    /// <summary>
    /// Synapse weights keyed by (projection, target gid, source gid, multapse): those of the projections whose weights
    /// were set since the build, the rest being the build's (later also the weights and pairing state of plastic
    /// projections). Empty when no weights were set, as in every checkpoint written before weights were kept.
    /// </summary>
    public const string Plastic = "plastic";
    /// <summary>State of a non-default shard backend; empty until a backend writes it.</summary>
    public const string Backend = "backend";

    /// <summary>Every section, in file order.</summary>
    public static IReadOnlyList<string> All { get; } = [Header, Neurons, Pending, Inflight, Plastic, Backend];
}

/// <summary>
/// The manifest of a format-2 checkpoint directory (manifest.json): the model's fingerprint, seed, step, time step,
/// window, each population's gids and state columns, the runtime's session object, and every part with the checksums
/// of its sections. Written last, so a directory without one is an incomplete checkpoint.
/// </summary>
public sealed class CheckpointManifest
{
    /// <summary>The format this manifest describes.</summary>
    public const int Format = 2;

    /// <summary>File name of the manifest inside the checkpoint directory.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private CheckpointManifest(CheckpointLayout layout, long step, JsonObject session, IReadOnlyList<PartEntry> parts)
    {
        Layout = layout;
        Step = step;
        Session = session;
        Parts = parts;
    }

    /// <summary>Fingerprint, seed, time step, window and populations recorded in the manifest.</summary>
    public CheckpointLayout Layout { get; }

    /// <summary>The step the checkpoint resumes at.</summary>
    public long Step { get; }

    /// <summary>The runtime's own state (trial, overrides, the recordings' description), carried and checksummed as it is.</summary>
    public JsonObject Session { get; }

    /// <summary>The parts, one per shard that wrote one.</summary>
    public IReadOnlyList<PartEntry> Parts { get; }

    /// <summary>
    /// A manifest for <paramref name="parts"/>, all written at <paramref name="step"/> for the model of
    /// <paramref name="layout"/>. Refuses parts whose gids overlap or leave neurons out, repeated shards or file names,
    /// and parts of another step.
    /// </summary>
    public static CheckpointManifest Create(CheckpointLayout layout, long step, IEnumerable<PartEntry> parts, JsonObject? session = null)
    {
        // A copy through text: the caller keeps its object, and the checksum is taken over what a reader will parse.
        var copy = (JsonObject)JsonNode.Parse((session ?? new JsonObject()).ToJsonString())!;
        var manifest = new CheckpointManifest(layout, step, copy, parts.OrderBy(p => p.Shard).ToArray());
        manifest.CheckParts("manifest");
        return manifest;
    }

    /// <summary>The manifest as JSON (UTF-8 text).</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["fingerprint"] = Layout.Fingerprint,
            ["seed"] = Layout.Seed,
            ["step"] = Step,
            ["dtMs"] = Layout.DtMs,
            ["windowSteps"] = Layout.WindowSteps,
            ["populations"] = new JsonArray(Layout.Populations.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["firstGid"] = p.FirstGid,
                ["size"] = p.Size,
                ["state"] = new JsonArray(p.State.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            }).ToArray()),
            ["session"] = JsonNode.Parse(Session.ToJsonString()),
            ["sessionSha256"] = Sha256Hex(Encoding.UTF8.GetBytes(Session.ToJsonString())),
            ["parts"] = new JsonArray(Parts.Select(p => (JsonNode)new JsonObject
            {
                ["file"] = p.File,
                ["shard"] = p.Shard,
                ["step"] = p.Step,
                ["gids"] = new JsonArray(p.Gids.Select(g => (JsonNode)new JsonArray(g.Start, g.End)).ToArray()),
                ["sections"] = new JsonArray(p.Sections.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["offset"] = s.Offset,
                    ["length"] = s.Length,
                    ["sha256"] = s.Sha256,
                }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>
    /// Parses and checks a manifest: every field present with its type, format 2, the session's checksum, parts of
    /// the manifest's step whose sections tile their files and whose gids cover the network once.
    /// </summary>
    /// <param name="json">The manifest's text.</param>
    /// <param name="source">What to call it in messages (its path).</param>
    /// <exception cref="CheckpointException">Anything is missing, of the wrong type or inconsistent.</exception>
    public static CheckpointManifest Parse(string json, string source)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException ex) { throw new CheckpointException($"{source}: not valid JSON ({ex.Message})"); }
        var r = new Fields(source);
        var o = r.Object(root, "manifest");
        int format = r.Int(o, "format");
        if (format != Format) throw new CheckpointException($"{source}: checkpoint format {format}; this build reads formats 1 and 2");
        string fingerprint = r.String(o, "fingerprint");
        ulong seed = r.Value<ulong>(o, "seed", "a non-negative whole number");
        long step = r.Value<long>(o, "step", "a whole number");
        if (step < 0) throw r.Fail("step", $"is {step}, negative");
        double dt = r.Value<double>(o, "dtMs", "a number");
        if (!(dt > 0) || !double.IsFinite(dt)) throw r.Fail("dtMs", $"is {dt}, not a positive time");
        int window = r.Int(o, "windowSteps");
        if (window < 1) throw r.Fail("windowSteps", $"is {window}, not at least 1");

        var populations = new List<PopulationLayout>();
        var pops = r.Array(o, "populations");
        int nextGid = 0;
        for (int i = 0; i < pops.Count; i++)
        {
            string at = $"populations[{i}]";
            var p = r.Object(pops[i], at);
            string name = r.String(p, "name", at);
            int first = r.Int(p, "firstGid", at), size = r.Int(p, "size", at);
            if (first != nextGid) throw r.Fail($"{at}.firstGid", $"is {first}; the populations before it end at gid {nextGid}");
            if (size < 0) throw r.Fail($"{at}.size", $"is {size}, negative");
            var state = r.Array(p, "state", at);
            var names = new string[state.Count];
            for (int k = 0; k < names.Length; k++) names[k] = r.StringValue(state[k], $"{at}.state[{k}]");
            populations.Add(new PopulationLayout(name, first, size, names));
            if ((long)first + size > int.MaxValue)
                throw r.Fail($"{at}.size", $"is {size}; with the populations before it the network would hold more than {int.MaxValue} neurons");
            nextGid = first + size;
        }
        var layout = new CheckpointLayout(fingerprint, seed, dt, window, populations);

        var session = r.Object(o["session"], "session");
        string sessionSha = r.String(o, "sessionSha256");
        var copy = (JsonObject)JsonNode.Parse(session.ToJsonString())!;
        if (Sha256Hex(Encoding.UTF8.GetBytes(copy.ToJsonString())) != sessionSha)
            throw new CheckpointException($"{source}: session: checksum mismatch (the session object was changed or damaged)");

        var parts = new List<PartEntry>();
        var list = r.Array(o, "parts");
        for (int i = 0; i < list.Count; i++)
        {
            string at = $"parts[{i}]";
            var p = r.Object(list[i], at);
            string file = r.String(p, "file", at);
            if (file != Path.GetFileName(file) || file is "." or ".." || file == FileName || file.IndexOfAny(['/', '\\']) >= 0)
                throw r.Fail($"{at}.file", $"is '{file}', not a plain part file name");
            int shard = r.Int(p, "shard", at);
            long partStep = r.Value<long>(p, "step", "a whole number", at);
            var gids = new List<GidRange>();
            var ranges = r.Array(p, "gids", at);
            for (int k = 0; k < ranges.Count; k++)
            {
                string gat = $"{at}.gids[{k}]";
                var pair = r.ArrayValue(ranges[k], gat);
                if (pair.Count != 2) throw r.Fail(gat, $"has {pair.Count} numbers, not a [start, end) pair");
                gids.Add(new GidRange(r.IntValue(pair[0], $"{gat}[0]"), r.IntValue(pair[1], $"{gat}[1]")));
            }
            var sections = new List<SectionEntry>();
            var secs = r.Array(p, "sections", at);
            for (int k = 0; k < secs.Count; k++)
            {
                string sat = $"{at}.sections[{k}]";
                var s = r.Object(secs[k], sat);
                sections.Add(new SectionEntry(r.String(s, "name", sat), r.Value<long>(s, "offset", "a whole number", sat),
                    r.Value<long>(s, "length", "a whole number", sat), r.String(s, "sha256", sat)));
            }
            parts.Add(new PartEntry(file, shard, partStep, gids, sections));
        }
        var manifest = new CheckpointManifest(layout, step, copy, parts);
        manifest.CheckParts(source);
        return manifest;
    }

    /// <summary>
    /// Refuses a manifest written for another model than <paramref name="expected"/> (fingerprint, seed, time step,
    /// window, populations and their state columns).
    /// </summary>
    public void Expect(CheckpointLayout expected, string source) => ExpectLayout(Layout, expected, source);

    internal static void ExpectLayout(CheckpointLayout actual, CheckpointLayout expected, string source)
    {
        if (actual.Fingerprint != expected.Fingerprint)
            throw new CheckpointException($"{source}: written by a different model or seed (fingerprint {actual.Fingerprint}, this model's is {expected.Fingerprint})");
        if (actual.Seed != expected.Seed) throw new CheckpointException($"{source}: seed {actual.Seed} disagrees with the model's seed {expected.Seed}");
        if (!actual.DtMs.Equals(expected.DtMs)) throw new CheckpointException($"{source}: dt {actual.DtMs} ms disagrees with the model's dt {expected.DtMs} ms");
        if (actual.WindowSteps != expected.WindowSteps)
            throw new CheckpointException($"{source}: window of {actual.WindowSteps} steps disagrees with the model's {expected.WindowSteps}");
        if (actual.Populations.Count != expected.Populations.Count)
            throw new CheckpointException($"{source}: {actual.Populations.Count} populations; the model has {expected.Populations.Count}");
        for (int i = 0; i < actual.Populations.Count; i++)
            if (!actual.Populations[i].Equals(expected.Populations[i]))
                throw new CheckpointException($"{source}: populations[{i}] ({actual.Populations[i].Name}, {actual.Populations[i].Size} neurons, state " +
                    $"{string.Join(",", actual.Populations[i].State)}) disagrees with the model's ({expected.Populations[i].Name}, {expected.Populations[i].Size}, " +
                    $"{string.Join(",", expected.Populations[i].State)})");
    }

    private void CheckParts(string source)
    {
        if (Parts.Count == 0) throw new CheckpointException($"{source}: no parts");
        int total = Layout.TotalNeurons;
        var owner = new List<(GidRange Range, string File)>();
        var shards = new HashSet<int>();
        var files = new HashSet<string>();
        foreach (var p in Parts)
        {
            string at = $"{source}: part {p.File}";
            if (p.Shard < 0 || !shards.Add(p.Shard)) throw new CheckpointException($"{at}: shard {p.Shard} is negative or has another part");
            if (!files.Add(p.File)) throw new CheckpointException($"{at}: listed twice");
            if (p.Step != Step) throw new CheckpointException($"{at}: step {p.Step} disagrees with the manifest's step {Step}");
            foreach (var g in p.Gids)
            {
                if (g.Start < 0 || g.End > total || g.Start >= g.End)
                    throw new CheckpointException($"{at}: gid range [{g.Start}, {g.End}) is empty or outside the network's [0, {total})");
                owner.Add((g, p.File));
            }
            if (p.Sections.Count != CheckpointSections.All.Count || !p.Sections.Select(s => s.Name).SequenceEqual(CheckpointSections.All))
                throw new CheckpointException($"{at}: sections are [{string.Join(", ", p.Sections.Select(s => s.Name))}], expected [{string.Join(", ", CheckpointSections.All)}]");
            long offset = 0;
            foreach (var s in p.Sections)
            {
                if (s.Offset != offset) throw new CheckpointException($"{at}: section '{s.Name}' starts at byte {s.Offset}, expected {offset} (sections tile the file)");
                if (s.Length < 0 || s.Length > int.MaxValue) throw new CheckpointException($"{at}: section '{s.Name}' has length {s.Length}");
                if (s.Sha256.Length != 64 || !s.Sha256.All(char.IsAsciiHexDigitLower))
                    throw new CheckpointException($"{at}: section '{s.Name}' has checksum '{s.Sha256}', not 64 lowercase hex digits");
                offset += s.Length;
            }
        }
        owner.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        int next = 0;
        foreach (var (range, file) in owner)
        {
            if (range.Start < next) throw new CheckpointException($"{source}: part {file}: gids [{range.Start}, {range.End}) are also in another part");
            if (range.Start > next) throw new CheckpointException($"{source}: no part holds gids [{next}, {range.Start})");
            next = range.End;
        }
        if (next != total) throw new CheckpointException($"{source}: no part holds gids [{next}, {total})");
    }

    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Typed access to manifest fields whose failures name the field's path.</summary>
    private readonly struct Fields(string source)
    {
        public CheckpointException Fail(string path, string what) => new($"{source}: field '{path}' {what}");

        private static string Join(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

        private JsonNode Get(JsonObject o, string name, string? parent)
        {
            if (!o.TryGetPropertyValue(name, out var node) || node is null) throw Fail(Join(parent, name), "is missing");
            return node;
        }

        public JsonObject Object(JsonNode? node, string path) =>
            node as JsonObject ?? throw Fail(path, node is null ? "is missing" : "is not an object");

        public JsonArray Array(JsonObject o, string name, string? parent = null) => ArrayValue(Get(o, name, parent), Join(parent, name));

        public JsonArray ArrayValue(JsonNode? node, string path) => node as JsonArray ?? throw Fail(path, node is null ? "is missing" : "is not an array");

        public string String(JsonObject o, string name, string? parent = null) => StringValue(Get(o, name, parent), Join(parent, name));

        public string StringValue(JsonNode? node, string path) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Fail(path, "is not a string");

        public int Int(JsonObject o, string name, string? parent = null) => Value<int>(o, name, "a whole number", parent);

        public int IntValue(JsonNode? node, string path) => ValueOf<int>(node, path, "a whole number");

        public T Value<T>(JsonObject o, string name, string kind, string? parent = null) => ValueOf<T>(Get(o, name, parent), Join(parent, name), kind);

        private T ValueOf<T>(JsonNode? node, string path, string kind) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<T>(out var x) ? x : throw Fail(path, $"is not {kind}");
    }
}
