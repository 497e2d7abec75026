using Akka.Actor;
using NeuroActors.Kernel.Shard;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime;

/// <summary>
/// A shard's side of checkpoints: writing its own part of one (into a directory it can reach, or in pieces to the
/// session), and restoring only its own gids from one (read from the directory, or from the pieces the session sent).
/// </summary>
internal sealed class ShardCheckpoint
{
    private readonly List<MemoryStream> _sections = [];
    private CheckpointLayout? _layout;

    /// <summary>Keeps a piece of a section of the checkpoint this shard will restore from; pieces come in order.</summary>
    public void Accept(CheckpointBytes piece)
    {
        while (_sections.Count <= piece.Section) _sections.Add(new MemoryStream());
        var section = _sections[piece.Section];
        if (piece.Offset != section.Length)
            throw new CheckpointException($"checkpoint section {piece.Section}: a piece at byte {piece.Offset} arrived where byte {section.Length} was due");
        section.Write(piece.Bytes);
    }

    /// <summary>
    /// Restores <paramref name="kernel"/>'s gids from the checkpoint whose manifest is <paramref name="manifestJson"/>:
    /// from <paramref name="directory"/> when given, else from the pieces <see cref="Accept"/> kept, which it then forgets.
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint is damaged, of another model, or pieces are missing.</exception>
    public void Restore(IShardBackend kernel, string manifestJson, string? directory)
    {
        try
        {
            var manifest = CheckpointManifest.Parse(manifestJson, directory is null ? "checkpoint manifest" : Path.Combine(directory, CheckpointManifest.FileName));
            var layout = Layout(kernel.Plan);
            var held = GidRange.HeldBy(kernel.Plan, kernel.Index);
            ShardRestoreState state;
            if (directory is not null) state = CheckpointDirectory.ReadForShard(directory, manifest, layout, held);
            else
            {
                // Decode asks for the sections in the order SectionsFor lists them, which is the order they were sent in.
                int next = 0;
                state = CheckpointRestore.Decode(manifest, layout, held, _ =>
                {
                    int i = next++;
                    if (i >= _sections.Count) throw new CheckpointException($"checkpoint section {i} of shard {kernel.Index} was never received");
                    return _sections[i].GetBuffer().AsMemory(0, (int)_sections[i].Length);
                });
            }
            state.RestoreInto(kernel);
        }
        finally
        {
            _sections.Clear();
        }
    }

    /// <summary>
    /// Writes <paramref name="snapshot"/> as shard <paramref name="shard"/>'s part: into <paramref name="directory"/> when
    /// given, else in pieces to <paramref name="session"/>; either way the last <see cref="CheckpointPart"/> carries the entry.
    /// </summary>
    /// <exception cref="IOException">The part could not be written to <paramref name="directory"/>.</exception>
    public void Save(Kernel.Network.NetworkPlan plan, int shard, ShardSnapshot snapshot, string? directory, IActorRef session, IActorRef self)
    {
        var part = PartCodec.Encode(Layout(plan), shard, snapshot);
        if (directory is not null)
        {
            CheckpointDirectory.WritePart(directory, part);
            session.Tell(new CheckpointPart(shard, 0, [], part.Entry), self);
            return;
        }
        for (int offset = 0; ; offset += CheckpointBytes.MaxBytes)
        {
            int end = Math.Min(part.Bytes.Length, offset + CheckpointBytes.MaxBytes);
            bool last = end == part.Bytes.Length;
            session.Tell(new CheckpointPart(shard, offset, part.Bytes[offset..end], last ? part.Entry : null), self);
            if (last) return;
        }
    }

    private CheckpointLayout Layout(Kernel.Network.NetworkPlan plan) => _layout ??= CheckpointLayout.Of(plan.Spec);
}
