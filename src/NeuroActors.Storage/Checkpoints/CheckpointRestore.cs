using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>A section of a part: the manifest's entry for the part and for the section.</summary>
public readonly record struct SectionRef(PartEntry Part, SectionEntry Section);

/// <summary>
/// What one shard restores from a checkpoint: the rows, pending input and weights of the gids it holds and every
/// undelivered spike of the network, as <see cref="ShardCapabilities.RestoreWeights"/> and
/// <see cref="IShardBackend.Restore"/> take them.
/// </summary>
/// <param name="Step">The step the shard resumes at.</param>
/// <param name="Held">The gids this state was read for.</param>
/// <param name="Neurons">Rows of exactly the held gids.</param>
/// <param name="Pending">Pending input of the held gids.</param>
/// <param name="Outbox">Every undelivered spike of the network, sorted.</param>
public sealed record ShardRestoreState(long Step, IReadOnlyList<GidRange> Held, IReadOnlyList<NeuronState> Neurons, IReadOnlyList<PendingInput> Pending, long[] Outbox)
{
    /// <summary>
    /// The weights of the held targets, one entry per projection and part whose weights were set when the checkpoint
    /// was taken (entries of one projection can come from several parts).
    /// </summary>
    public IReadOnlyList<SynapseWeights> Weights { get; init; } = [];

    /// <summary>The archived postsynaptic spikes of the held gids (models with plastic projections).</summary>
    public ArchivedSpikes Archive { get; init; } = ArchivedSpikes.None;

    /// <summary>The parts whose plastic sections were read, to name the one at fault when the shard refuses an entry.</summary>
    public IReadOnlyList<PartEntry> WeightParts { get; init; } = [];

    /// <summary>Restores <paramref name="kernel"/>, a shard of any backend, which must hold no gid outside <see cref="Held"/>.</summary>
    /// <exception cref="InvalidOperationException">The shard holds neurons this state was not read for.</exception>
    /// <exception cref="CheckpointException">An entry of the weights names a synapse the shard does not have, or a synapse of a set projection has none, or pending input lies beyond the shard's ring buffer.</exception>
    public void RestoreInto(IShardBackend kernel)
    {
        foreach (var r in GidRange.HeldBy(kernel.Plan, kernel.Index))
            for (int g = r.Start; g < r.End; g++)
                if (!GidRange.AnyContains(Held, g))
                    throw new InvalidOperationException($"shard {kernel.Index} holds gid {g}, whose state was not read from the checkpoint");
        // Weights first: the undelivered spikes are delivered through them.
        try { kernel.RestoreWeights(Weights, Archive); }
        catch (ArgumentException ex)
        {
            // An entry about one synapse is the fault of the part that holds its target; an entry of a synapse missing
            // from its part is too, since a part holds every synapse of its targets.
            var parts = ex is SynapseEntryException entry && WeightParts.FirstOrDefault(p => GidRange.AnyContains(p.Gids, entry.TargetGid)) is { } part
                ? [part]
                : WeightParts;
            string files = parts.Count == 0 ? "checkpoint" : string.Join(", ", parts.Select(p => p.File));
            throw new CheckpointException($"{files} section '{CheckpointSections.Plastic}': {ex.Message.Split(" (Parameter")[0]}", ex);
        }
        // What only the shard can judge (the end of its ring buffer, which depends on its longest delay) it refuses
        // with an InvalidOperationException: a fault of the checkpoint's pending input, reported as such.
        try { kernel.Restore(Step, Neurons, Pending, Outbox); }
        catch (InvalidOperationException ex)
        {
            // The input arriving last is beyond the ring buffer if any is: its part is the one at fault.
            var latest = Pending.Count == 0 ? (PendingInput?)null : Pending.MaxBy(p => p.Step);
            string file = latest is { } p && PendingParts.FirstOrDefault(e => GidRange.AnyContains(e.Gids, p.Gid)) is { } part ? part.File : "checkpoint";
            throw new CheckpointException($"{file} section '{CheckpointSections.Pending}': {ex.Message}", ex);
        }
    }

    /// <summary>The parts whose pending sections were read, to name them when the shard refuses their input.</summary>
    public IReadOnlyList<PartEntry> PendingParts { get; init; } = [];
}

/// <summary>
/// Restores one shard of any cut from a format-2 checkpoint, reading only what it needs: the neurons, pending and
/// plastic (weights, keyed by target) sections of the parts that hold some of its gids, and the inflight section of
/// every part (every shard delivers every undelivered spike into its own rows).
/// </summary>
public static class CheckpointRestore
{
    /// <summary>The sections a shard holding <paramref name="held"/> needs, in the order <see cref="Decode"/> asks for them.</summary>
    public static IReadOnlyList<SectionRef> SectionsFor(CheckpointManifest manifest, IReadOnlyList<GidRange> held)
    {
        var refs = new List<SectionRef>();
        foreach (var part in manifest.Parts)
        {
            if (part.Overlaps(held))
            {
                refs.Add(new SectionRef(part, part.Section(CheckpointSections.Neurons)));
                refs.Add(new SectionRef(part, part.Section(CheckpointSections.Pending)));
                refs.Add(new SectionRef(part, part.Section(CheckpointSections.Plastic)));
            }
            refs.Add(new SectionRef(part, part.Section(CheckpointSections.Inflight)));
        }
        return refs;
    }

    /// <summary>
    /// Decodes the state of a shard holding <paramref name="held"/> from section bytes obtained anywhere (a file, or
    /// the network): each section's bytes are checked against the manifest's length and SHA-256, then decoded and
    /// checked for structure and values.
    /// </summary>
    /// <param name="manifest">A manifest read with <see cref="CheckpointManifest.Parse"/> or <see cref="CheckpointDirectory.ReadManifest"/>.</param>
    /// <param name="expected">The layout of the model being restored; a manifest of another model is refused.</param>
    /// <param name="held">The gids of the shard being restored.</param>
    /// <param name="sectionBytes">The bytes of a section of <see cref="SectionsFor"/>.</param>
    /// <exception cref="CheckpointException">A checksum, a structure or a value is wrong, or the manifest is of another model.</exception>
    public static ShardRestoreState Decode(CheckpointManifest manifest, CheckpointLayout expected, IReadOnlyList<GidRange> held, Func<SectionRef, ReadOnlyMemory<byte>> sectionBytes)
    {
        manifest.Expect(expected, CheckpointManifest.FileName);
        var neurons = new List<NeuronState>();
        var pending = new List<PendingInput>();
        var outbox = new List<long>();
        var weights = new List<SynapseWeights>();
        var weightParts = new List<PartEntry>();
        var pendingParts = new List<PartEntry>();
        var archives = new List<ArchivedSpikes>();
        foreach (var s in SectionsFor(manifest, held))
        {
            var bytes = sectionBytes(s).Span;
            PartCodec.Verify(bytes, s.Part, s.Section);
            switch (s.Section.Name)
            {
                case CheckpointSections.Neurons: neurons.AddRange(PartCodec.DecodeNeurons(bytes, s.Part, manifest.Layout, held)); break;
                case CheckpointSections.Pending:
                    pending.AddRange(PartCodec.DecodePending(bytes, s.Part, expected, manifest.Step, held));
                    pendingParts.Add(s.Part);
                    break;
                case CheckpointSections.Plastic:
                    var blocks = PartCodec.DecodePlastic(bytes, s.Part, expected, held, out var archive);
                    archives.Add(archive);
                    weightParts.Add(s.Part);
                    weights.AddRange(blocks);
                    break;
                default: outbox.AddRange(PartCodec.DecodeInflight(bytes, s.Part, manifest.Step, manifest.Layout.WindowSteps)); break;
            }
        }
        var spikes = outbox.ToArray();
        Array.Sort(spikes);
        return new ShardRestoreState(manifest.Step, held.ToArray(), neurons, pending, spikes) { Weights = weights, WeightParts = weightParts, PendingParts = pendingParts, Archive = ArchivedSpikes.Merge(archives) };
    }
}
