using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// A checkpoint to resume from, read one section at a time so that each shard gets only what it restores: a format-2
/// directory on disk, or a whole checkpoint in memory (a format-1 file, or one built by a program), which is served as
/// a format-2 checkpoint of one part.
/// </summary>
public abstract class CheckpointSource
{
    /// <summary>The step the network resumes at.</summary>
    public abstract long Step { get; }

    /// <summary>The directory a shard may read its sections from itself, or null when they can only be sent to it.</summary>
    public virtual string? Directory => null;

    /// <summary>The manifest, checked against the model being resumed.</summary>
    /// <exception cref="CheckpointException">The checkpoint is incomplete, damaged or of another model.</exception>
    public abstract CheckpointManifest Manifest(CheckpointLayout expected);

    /// <summary>The bytes of one section of <see cref="Manifest"/>, unverified (the shard that decodes them checks them).</summary>
    /// <exception cref="CheckpointException">The part is missing, of another length, or cannot be read.</exception>
    public abstract byte[] Read(SectionRef section);

    /// <summary>The format-2 directory at <paramref name="path"/>.</summary>
    public static CheckpointSource FromDirectory(string path) => new DirectorySource(path);

    /// <summary>Any checkpoint, either format, at <paramref name="path"/>: a directory is read as it goes, a format-1 file at once.</summary>
    /// <exception cref="CheckpointException">Nothing there, or not a checkpoint, or (format 1) damaged or of another model.</exception>
    public static CheckpointSource Open(string path, CheckpointLayout expected) => CheckpointStore.Detect(path) == CheckpointFormat.Directory2
        ? FromDirectory(path)
        : Format1Reader.Read(path, expected);

    /// <summary>A whole checkpoint held in memory.</summary>
    public static implicit operator CheckpointSource(Checkpoint checkpoint) => new MemorySource(checkpoint);

    /// <summary>A directory whose manifest is read and parsed when the source is made, so that a bad one is refused at once.</summary>
    private sealed class DirectorySource : CheckpointSource
    {
        private readonly string _path;
        private readonly CheckpointManifest _manifest;

        public DirectorySource(string path)
        {
            _path = path;
            string file = Path.Combine(path, CheckpointManifest.FileName);
            if (!System.IO.Directory.Exists(path)) throw new CheckpointException($"{path}: no such checkpoint directory");
            if (!File.Exists(file)) throw new CheckpointException($"{path}: incomplete checkpoint: no {CheckpointManifest.FileName} (its writing did not finish)");
            _manifest = CheckpointManifest.Parse(CheckpointDirectory.Guard(file, () => File.ReadAllText(file)), file);
        }

        public override string? Directory => _path;

        public override long Step => _manifest.Step;

        public override CheckpointManifest Manifest(CheckpointLayout expected)
        {
            _manifest.Expect(expected, Path.Combine(_path, CheckpointManifest.FileName));
            return _manifest;
        }

        public override byte[] Read(SectionRef section) => CheckpointDirectory.ReadSection(_path, section);
    }

    /// <summary>A checkpoint in memory, encoded once as a single part when first asked for.</summary>
    private sealed class MemorySource(Checkpoint checkpoint) : CheckpointSource
    {
        private EncodedPart? _part;
        private CheckpointManifest? _manifest;

        public override long Step => checkpoint.Step;

        public override CheckpointManifest Manifest(CheckpointLayout expected)
        {
            if (checkpoint.Fingerprint != expected.Fingerprint)
                throw new CheckpointException("the checkpoint was written by a different model or seed");
            if (Math.Abs(checkpoint.DtMs - expected.DtMs) > 1e-12)
                throw new CheckpointException($"the checkpoint's time step is {checkpoint.DtMs} ms; the model's is {expected.DtMs} ms");
            if (_manifest is not null) return _manifest;
            try
            {
                _part = PartCodec.Encode(expected, 0, new ShardSnapshot(checkpoint.Step, checkpoint.Neurons, checkpoint.Pending, checkpoint.Outbox) { Weights = checkpoint.Weights, Archive = checkpoint.Archive });
                _manifest = CheckpointManifest.Create(expected, checkpoint.Step, [_part.Entry]);
            }
            catch (ArgumentException ex)
            {
                throw new CheckpointException($"the checkpoint does not fit the model: {ex.Message}", ex);
            }
            return _manifest;
        }

        public override byte[] Read(SectionRef section)
        {
            var part = _part ?? throw new InvalidOperationException("read the manifest first");
            return part.Bytes.AsSpan((int)section.Section.Offset, (int)section.Section.Length).ToArray();
        }
    }
}
