using System.Text.Json.Nodes;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// The session's side of one checkpoint being saved: it appends the parts shards send in pieces to their files (a
/// shard that reaches the directory writes its own), keeps every part's entry, and commits the manifest once each
/// shard has answered, after whatever else the session writes (its recordings). A refused part fails the save; the
/// session goes on.
/// </summary>
internal sealed class CheckpointWriter(string directory, CheckpointLayout layout, long step, int shards) : IDisposable
{
    private readonly Dictionary<int, FileStream> _open = [];
    private readonly List<PartEntry> _entries = [];
    private string? _error;
    private int _waiting = shards;

    /// <summary>The directory being written.</summary>
    public string Directory => directory;

    /// <summary>Takes a piece of a part; true when every shard has answered.</summary>
    public bool Accept(CheckpointPart piece)
    {
        if (_error is null)
        {
            try { Append(piece); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CheckpointException)
            {
                _error = $"cannot write part of shard {piece.Shard}: {ex.Message}";
            }
        }
        return piece.Entry is not null && --_waiting == 0;
    }

    /// <summary>A shard could not write or send its part; true when every shard has answered.</summary>
    public bool Refuse(ShardRefused refusal)
    {
        _error ??= refusal.Reason;
        return --_waiting == 0;
    }

    /// <summary>
    /// Writes the manifest, with the <c>session</c> object <paramref name="session"/> makes (after writing any files of
    /// its own into the directory): the checkpoint is complete from then on.
    /// </summary>
    /// <exception cref="CheckpointException">A part was refused, a file could not be written, or the parts do not make a checkpoint.</exception>
    public void Commit(Func<JsonObject> session)
    {
        Dispose();
        if (_error is not null) throw new CheckpointException(_error);
        try { CheckpointDirectory.Commit(directory, CheckpointManifest.Create(layout, step, _entries, session())); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{directory}: cannot write the manifest ({ex.Message})", ex);
        }
    }

    private void Append(CheckpointPart piece)
    {
        if (piece.Bytes.Length > 0)
        {
            if (!_open.TryGetValue(piece.Shard, out var file))
                _open[piece.Shard] = file = CheckpointDirectory.OpenPart(directory, PartCodec.FileName(piece.Shard));
            if (piece.Offset != file.Length)
                throw new CheckpointException($"a piece at byte {piece.Offset} arrived where byte {file.Length} was due");
            file.Write(piece.Bytes);
        }
        if (piece.Entry is not { } entry) return;
        if (_open.Remove(piece.Shard, out var done))
        {
            done.Flush(flushToDisk: true);
            done.Dispose();
        }
        _entries.Add(entry);
    }

    /// <summary>Closes any part file still open (a save that failed or was abandoned).</summary>
    public void Dispose()
    {
        foreach (var file in _open.Values) file.Dispose();
        _open.Clear();
    }
}
