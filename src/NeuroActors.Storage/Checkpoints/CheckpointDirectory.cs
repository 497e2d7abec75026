using System.Text;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// A format-2 checkpoint on disk: a directory of part files (<see cref="PartCodec"/>) and a manifest written last.
/// Writers put parts in first (from this process or as chunks from other nodes), then <see cref="Commit"/> the manifest
/// atomically; readers refuse a directory without one.
/// </summary>
public static class CheckpointDirectory
{
    /// <summary>Writes a part's file into <paramref name="directory"/>, creating the directory.</summary>
    public static void WritePart(string directory, EncodedPart part)
    {
        using var stream = OpenPart(directory, part.Entry.File);
        stream.Write(part.Bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Creates (or empties) part file <paramref name="fileName"/> for appending bytes received in chunks. The
    /// directory's manifest, if an earlier checkpoint left one, is deleted first: its parts are being replaced, and
    /// the directory is incomplete until <see cref="Commit"/>.
    /// </summary>
    public static FileStream OpenPart(string directory, string fileName)
    {
        if (fileName != Path.GetFileName(fileName) || fileName == CheckpointManifest.FileName)
            throw new ArgumentException($"'{fileName}' is not a part file name", nameof(fileName));
        Directory.CreateDirectory(directory);
        File.Delete(Path.Combine(directory, CheckpointManifest.FileName));
        return new FileStream(Path.Combine(directory, fileName), FileMode.Create, FileAccess.Write, FileShare.None);
    }

    /// <summary>
    /// Writes the manifest atomically (temporary file, flushed, then renamed), after checking that every part it lists
    /// is in the directory with the length it gives; from then on the directory is a complete checkpoint.
    /// </summary>
    /// <exception cref="CheckpointException">A listed part is missing or has another length.</exception>
    public static void Commit(string directory, CheckpointManifest manifest)
    {
        foreach (var part in manifest.Parts)
        {
            var file = new FileInfo(Path.Combine(directory, part.File));
            if (!file.Exists) throw new CheckpointException($"{directory}: cannot commit: part {part.File} is missing");
            if (file.Length != part.Length) throw new CheckpointException($"{directory}: cannot commit: part {part.File} has {file.Length} bytes, its entry says {part.Length}");
        }
        string path = Path.Combine(directory, CheckpointManifest.FileName), tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(manifest.ToJson()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads and checks the manifest of <paramref name="directory"/> and that it is of the model of <paramref name="expected"/>.</summary>
    /// <exception cref="CheckpointException">No manifest (an incomplete checkpoint), or a damaged one, or of another model.</exception>
    public static CheckpointManifest ReadManifest(string directory, CheckpointLayout expected)
    {
        string path = Path.Combine(directory, CheckpointManifest.FileName);
        if (!Directory.Exists(directory)) throw new CheckpointException($"{directory}: no such checkpoint directory");
        if (!File.Exists(path)) throw new CheckpointException($"{directory}: incomplete checkpoint: no {CheckpointManifest.FileName} (its writing did not finish)");
        var manifest = CheckpointManifest.Parse(Guard(path, () => File.ReadAllText(path, Encoding.UTF8)), path);
        manifest.Expect(expected, path);
        return manifest;
    }

    /// <summary>Reads the state of a shard holding <paramref name="held"/>: only the sections it needs, each verified.</summary>
    /// <exception cref="CheckpointException">A part is missing or has another length, or a section is damaged.</exception>
    public static ShardRestoreState ReadForShard(string directory, CheckpointManifest manifest, CheckpointLayout expected, IReadOnlyList<GidRange> held)
    {
        var handles = new Dictionary<string, Microsoft.Win32.SafeHandles.SafeFileHandle>();
        try
        {
            return CheckpointRestore.Decode(manifest, expected, held, s =>
            {
                if (!handles.TryGetValue(s.Part.File, out var handle))
                {
                    handle = OpenChecked(directory, s.Part);
                    handles.Add(s.Part.File, handle);
                }
                var bytes = new byte[s.Section.Length];
                int read = Guard(s.Part.File, () => RandomAccess.Read(handle, bytes, s.Section.Offset));
                if (read != bytes.Length) throw new CheckpointException($"{s.Part.File} section '{s.Section.Name}': truncated");
                return bytes;
            });
        }
        finally
        {
            foreach (var h in handles.Values) h.Dispose();
        }
    }

    /// <summary>Reads one section's bytes (unverified: whoever decodes them checks them against the manifest).</summary>
    /// <exception cref="CheckpointException">The part is missing, has another length, or cannot be read.</exception>
    public static byte[] ReadSection(string directory, SectionRef section)
    {
        using var handle = OpenChecked(directory, section.Part);
        var bytes = new byte[section.Section.Length];
        int read = Guard(section.Part.File, () => RandomAccess.Read(handle, bytes, section.Section.Offset));
        if (read != bytes.Length) throw new CheckpointException($"{section.Part.File} section '{section.Section.Name}': truncated");
        return bytes;
    }

    /// <summary>Reads the whole checkpoint in <paramref name="directory"/>, every section of every part verified.</summary>
    /// <exception cref="CheckpointException">The directory is incomplete, damaged or of another model.</exception>
    public static Checkpoint ReadAll(string directory, CheckpointLayout expected)
    {
        var manifest = ReadManifest(directory, expected);
        var neurons = new List<NeuronState>();
        var pending = new List<PendingInput>();
        var outbox = new List<long>();
        var weights = new List<SynapseWeights>();
        var archives = new List<ArchivedSpikes>();
        foreach (var part in manifest.Parts)
        {
            byte[] bytes;
            using (var handle = OpenChecked(directory, part))
            {
                bytes = new byte[part.Length];
                Guard(part.File, () => RandomAccess.Read(handle, bytes, 0));
            }
            ReadOnlySpan<byte> Section(string name)
            {
                var entry = part.Section(name);
                var span = bytes.AsSpan((int)entry.Offset, (int)entry.Length);
                PartCodec.Verify(span, part, entry);
                return span;
            }
            PartCodec.DecodeHeader(Section(CheckpointSections.Header), part, manifest);
            neurons.AddRange(PartCodec.DecodeNeurons(Section(CheckpointSections.Neurons), part, manifest.Layout, keep: null));
            pending.AddRange(PartCodec.DecodePending(Section(CheckpointSections.Pending), part, expected, manifest.Step, keep: null));
            outbox.AddRange(PartCodec.DecodeInflight(Section(CheckpointSections.Inflight), part, manifest.Step, manifest.Layout.WindowSteps));
            weights.AddRange(PartCodec.DecodePlastic(Section(CheckpointSections.Plastic), part, expected, keep: null, out var archive));
            archives.Add(archive);
            PartCodec.DecodeEmpty(Section(CheckpointSections.Backend), part, CheckpointSections.Backend);
        }
        var spikes = outbox.ToArray();
        Array.Sort(spikes);
        return new Checkpoint(manifest.Layout.Fingerprint, manifest.Step, manifest.Layout.DtMs,
            neurons.OrderBy(n => n.Gid).ToArray(),
            pending.OrderBy(p => p.Gid).ThenBy(p => p.Receptor).ThenBy(p => p.Step).ToArray(),
            spikes)
        {
            Weights = weights,
            Archive = ArchivedSpikes.Merge(archives),
        };
    }

    /// <summary>Opens a part for reading after checking it exists with the length the manifest gives.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenChecked(string directory, PartEntry part)
    {
        string path = Path.Combine(directory, part.File);
        if (!File.Exists(path)) throw new CheckpointException($"{directory}: part {part.File} is missing");
        var handle = Guard(part.File, () => File.OpenHandle(path));
        long length = RandomAccess.GetLength(handle);
        if (length != part.Length)
        {
            handle.Dispose();
            throw new CheckpointException($"{part.File}: {length} bytes, the manifest says {part.Length} ({(length < part.Length ? "truncated" : "trailing bytes")})");
        }
        return handle;
    }

    internal static T Guard<T>(string what, Func<T> io)
    {
        try { return io(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{what}: cannot read ({ex.Message})", ex);
        }
    }
}
