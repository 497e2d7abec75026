using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>One shard's part of a format-2 checkpoint: the file's bytes and the manifest's entry for them.</summary>
/// <param name="Entry">File name, shard, step, gids and every section's offset, length and checksum.</param>
/// <param name="Bytes">The whole part file; opaque to whoever stores or forwards it.</param>
public sealed record EncodedPart(PartEntry Entry, byte[] Bytes);

/// <summary>
/// Encodes a shard's snapshot as a part file and decodes and checks its sections. Layout, little-endian, struct of
/// arrays (doubles as their 8 bytes):
/// header: "NAPART02", int32 format, int32 shard, int64 step, int32 n, n UTF-8 bytes of fingerprint;
/// neurons: int32 blocks, per block int32 population, int32 width, int32 count, int32[count] gids, then width
/// columns of double[count];
/// pending: int32 count, int32[count] gid, uint8[count] receptor, int64[count] step, double[count] value;
/// inflight: int32 count, int64[count] spikes (SpikeEvent);
/// plastic: int32 blocks, per block (one per projection whose weights were set since the build, in projection order)
/// int32 projection, int32 count, int32[count] target gids, int32[count] source gids, int32[count] multapses, then
/// float[count] weights, in (target, source, multapse) order (a checkpoint in which no weights were set has 0 blocks,
/// as every format-2 checkpoint written before weights were kept); a plastic projection's block (there is one for
/// every plastic projection) goes on with float[count] presynaptic traces and int64[count] steps of the last
/// presynaptic spike; when the model has plastic projections, the section ends with the archived postsynaptic spikes
/// of the part's neurons: int32 n, int32[n] gids, int64[n] steps, double[n] traces K⁻, int32[n] reads, in (gid, step)
/// order;
/// backend: int32 count (0 for now).
/// </summary>
public static class PartCodec
{
    private static ReadOnlySpan<byte> Magic => "NAPART02"u8;

    /// <summary>The file name of shard <paramref name="shard"/>'s part.</summary>
    public static string FileName(int shard) => $"part-{shard}.bin";

    /// <summary>
    /// Encodes <paramref name="snapshot"/>, taken by shard <paramref name="shard"/> of a network of
    /// <paramref name="layout"/>, with its manifest entry; the shard computes its own checksums.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot holds a gid outside the network, twice, or a row of the wrong width.</exception>
    public static EncodedPart Encode(CheckpointLayout layout, int shard, ShardSnapshot snapshot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        var sections = new List<byte[]>(CheckpointSections.All.Count)
        {
            Header(shard, snapshot.Step, layout.Fingerprint),
            Neurons(layout, snapshot.Neurons, out var gids),
            Pending(snapshot.Pending),
            Inflight(snapshot.Outbox),
            Weights(layout, snapshot.Weights, snapshot.Archive, gids),
            EmptySection(),
        };
        var entries = new SectionEntry[sections.Count];
        long offset = 0;
        for (int i = 0; i < sections.Count; i++)
        {
            entries[i] = new SectionEntry(CheckpointSections.All[i], offset, sections[i].Length, CheckpointManifest.Sha256Hex(sections[i]));
            offset += sections[i].Length;
        }
        var bytes = new byte[offset];
        offset = 0;
        foreach (var s in sections) { s.CopyTo(bytes, offset); offset += s.Length; }
        return new EncodedPart(new PartEntry(FileName(shard), shard, snapshot.Step, GidRange.Of(gids), entries), bytes);
    }

    private static byte[] Header(int shard, long step, string fingerprint)
    {
        var fp = Encoding.UTF8.GetBytes(fingerprint);
        var w = new Writer();
        w.Bytes(Magic); w.Int32(CheckpointManifest.Format); w.Int32(shard); w.Int64(step); w.Int32(fp.Length); w.Bytes(fp);
        return w.ToArray();
    }

    private static byte[] Neurons(CheckpointLayout layout, IReadOnlyList<NeuronState> neurons, out int[] gids)
    {
        var sorted = neurons.OrderBy(n => n.Gid).ToArray();
        gids = sorted.Select(n => n.Gid).ToArray();
        for (int i = 1; i < gids.Length; i++)
            if (gids[i] == gids[i - 1]) throw new ArgumentException($"the snapshot holds gid {gids[i]} twice", nameof(neurons));
        var blocks = new List<(int Population, NeuronState[] Rows)>();
        int at = 0;
        while (at < sorted.Length)
        {
            int p = layout.PopulationOf(sorted[at].Gid);
            if (p < 0) throw new ArgumentException($"the snapshot holds gid {sorted[at].Gid}, outside the network's [0, {layout.TotalNeurons})", nameof(neurons));
            int end = layout.Populations[p].FirstGid + layout.Populations[p].Size, from = at;
            while (at < sorted.Length && sorted[at].Gid < end) at++;
            blocks.Add((p, sorted[from..at]));
        }
        var w = new Writer();
        w.Int32(blocks.Count);
        foreach (var (p, rows) in blocks)
        {
            int width = layout.Populations[p].State.Count;
            foreach (var r in rows)
                if (r.Values.Length != width) throw new ArgumentException($"neuron {r.Gid} has {r.Values.Length} state values; its population has {width}", nameof(neurons));
            w.Int32(p); w.Int32(width); w.Int32(rows.Length);
            foreach (var r in rows) w.Int32(r.Gid);
            for (int v = 0; v < width; v++)
                foreach (var r in rows) w.Double(r.Values[v]);
        }
        return w.ToArray();
    }

    private static byte[] Pending(IReadOnlyList<PendingInput> pending)
    {
        // One canonical order, so a reader can refuse repeats (a restore would keep only the last of them).
        var sorted = pending.OrderBy(p => p.Gid).ThenBy(p => p.Receptor).ThenBy(p => p.Step).ToArray();
        var w = new Writer();
        w.Int32(sorted.Length);
        foreach (var p in sorted) w.Int32(p.Gid);
        foreach (var p in sorted) w.Byte(p.Receptor);
        foreach (var p in sorted) w.Int64(p.Step);
        foreach (var p in sorted) w.Double(p.Value);
        return w.ToArray();
    }

    private static byte[] Inflight(long[] outbox)
    {
        var sorted = (long[])outbox.Clone();
        Array.Sort(sorted);
        var w = new Writer();
        w.Int32(sorted.Length);
        foreach (long e in sorted) w.Int64(e);
        return w.ToArray();
    }

    private static byte[] Weights(CheckpointLayout layout, IReadOnlyList<SynapseWeights> weights, ArchivedSpikes archive, int[] sortedGids)
    {
        var w = new Writer();
        // Every plastic projection has a block, empty when the shard holds none of its synapses (or its backend has no
        // weights): a reader then knows the part was written with its pairing state.
        var empty = layout.Projections.Select((p, j) => (p, j)).Where(x => x.p.Plastic && weights.All(b => b.Projection != x.j))
            .Select(x => new SynapseWeights(x.j, [], [], [], []) { Trace = [], LastSpike = [] });
        var blocks = weights.Concat(empty).GroupBy(b => b.Projection).OrderBy(g => g.Key).ToArray();
        w.Int32(blocks.Length);
        foreach (var block in blocks)
        {
            int j = block.Key;
            if (j < 0 || j >= layout.Projections.Count)
                throw new ArgumentException($"the snapshot holds weights of projection {j}; the model has {layout.Projections.Count}", nameof(weights));
            foreach (var b in block)
                if (b.Source.Length != b.Count || b.Multapse.Length != b.Count || b.Weight.Length != b.Count)
                    throw new ArgumentException($"the weights of projection {j} have {b.Count} targets, {b.Source.Length} sources, {b.Multapse.Length} multapses and {b.Weight.Length} weights", nameof(weights));
            var e = InKeyOrder([.. block]);
            for (int i = 0; i < e.Count; i++)
            {
                // The part's gid ranges are its rows' gids: a reader refuses weights of any other target.
                if (Array.BinarySearch(sortedGids, e.Target[i]) < 0)
                    throw new ArgumentException($"the weights of projection {j} hold target gid {e.Target[i]}, which has no row in the snapshot", nameof(weights));
                if (i > 0 && (e.Target[i], e.Source[i], e.Multapse[i]) == (e.Target[i - 1], e.Source[i - 1], e.Multapse[i - 1]))
                    throw new ArgumentException($"the weights of projection {j} hold synapse {e.Source[i]} -> {e.Target[i]} (multapse {e.Multapse[i]}) twice", nameof(weights));
            }
            w.Int32(j); w.Int32(e.Count);
            foreach (int t in e.Target) w.Int32(t);
            foreach (int s in e.Source) w.Int32(s);
            foreach (int m in e.Multapse) w.Int32(m);
            foreach (float x in e.Weight) w.Single(x);
            if (layout.Projections[j].Plastic)
            {
                if (e.Trace?.Length != e.Count || e.LastSpike?.Length != e.Count)
                    throw new ArgumentException($"the weights of plastic projection {j} come without their pairing state", nameof(weights));
                foreach (float x in e.Trace) w.Single(x);
                foreach (long x in e.LastSpike) w.Int64(x);
            }
        }
        if (layout.HasPlastic)
        {
            var a = ArchivedSpikes.Merge([archive]);
            for (int i = 0; i < a.Count; i++)
                if (Array.BinarySearch(sortedGids, a.Gid[i]) < 0)
                    throw new ArgumentException($"the archived spikes hold gid {a.Gid[i]}, which has no row in the snapshot", nameof(archive));
            w.Int32(a.Count);
            foreach (int g in a.Gid) w.Int32(g);
            foreach (long x in a.Step) w.Int64(x);
            foreach (double x in a.KMinus) w.Double(x);
            foreach (int x in a.Reads) w.Int32(x);
        }
        else if (archive.Count > 0) throw new ArgumentException("the snapshot holds archived spikes, but the model has no plastic projection", nameof(archive));
        return w.ToArray();
    }

    /// <summary>The entries of one projection in (target, source, multapse) order: a shard's snapshot lists them so already.</summary>
    private static SynapseWeights InKeyOrder(SynapseWeights[] blocks)
    {
        if (blocks.Length == 1)
        {
            var b = blocks[0];
            bool sorted = true;
            for (int i = 1; i < b.Count && sorted; i++)
                sorted = (b.Target[i - 1], b.Source[i - 1], b.Multapse[i - 1]).CompareTo((b.Target[i], b.Source[i], b.Multapse[i])) <= 0;
            if (sorted) return b;
        }
        bool plastic = blocks.Any(b => b.Trace is not null);
        var entries = blocks.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Target[i], b.Source[i], b.Multapse[i], b.Weight[i], b.Trace?[i] ?? 0f, b.LastSpike?[i] ?? -1L)))
            .OrderBy(e => (e.Item1, e.Item2, e.Item3)).ToArray();
        return new SynapseWeights(blocks[0].Projection, [.. entries.Select(e => e.Item1)], [.. entries.Select(e => e.Item2)],
            [.. entries.Select(e => e.Item3)], [.. entries.Select(e => e.Item4)])
        {
            Trace = plastic ? [.. entries.Select(e => e.Item5)] : null,
            LastSpike = plastic ? [.. entries.Select(e => e.Item6)] : null,
        };
    }

    private static byte[] EmptySection()
    {
        var w = new Writer();
        w.Int32(0);
        return w.ToArray();
    }

    /// <summary>Refuses <paramref name="bytes"/> unless they are exactly the bytes the manifest lists for the section.</summary>
    internal static void Verify(ReadOnlySpan<byte> bytes, PartEntry part, SectionEntry section)
    {
        if (bytes.Length != section.Length)
            throw new CheckpointException($"{part.File} section '{section.Name}': {bytes.Length} bytes, the manifest says {section.Length}");
        if (CheckpointManifest.Sha256Hex(bytes) != section.Sha256)
            throw new CheckpointException($"{part.File} section '{section.Name}': checksum mismatch (damaged or changed)");
    }

    internal static void DecodeHeader(ReadOnlySpan<byte> bytes, PartEntry part, CheckpointManifest manifest)
    {
        var r = new ByteReader(bytes, $"{part.File} section 'header'");
        if (!r.Bytes(Magic.Length, "the magic").SequenceEqual(Magic)) throw r.Fail("not a NeuroActors checkpoint part");
        int format = r.Int32("the format");
        if (format != CheckpointManifest.Format) throw r.Fail($"format {format}, the manifest's is {CheckpointManifest.Format}");
        int shard = r.Int32("the shard");
        if (shard != part.Shard) throw r.Fail($"written by shard {shard}, the manifest says shard {part.Shard}");
        long step = r.Int64("the step");
        if (step != manifest.Step) throw r.Fail($"step {step} disagrees with the manifest's step {manifest.Step}");
        int n = r.Count("fingerprint bytes", 1);
        string fingerprint = Encoding.UTF8.GetString(r.Bytes(n, "the fingerprint"));
        if (fingerprint != manifest.Layout.Fingerprint) throw r.Fail($"fingerprint {fingerprint} disagrees with the manifest's {manifest.Layout.Fingerprint}");
        r.End();
    }

    /// <summary>
    /// The rows of a neurons section; refuses populations or widths the manifest does not list, gids outside the part's
    /// ranges or repeated, rows missing for some of the part's gids, and state that is not finite.
    /// </summary>
    internal static List<NeuronState> DecodeNeurons(ReadOnlySpan<byte> bytes, PartEntry part, CheckpointLayout layout, IReadOnlyList<GidRange>? keep)
    {
        var r = new ByteReader(bytes, $"{part.File} section 'neurons'");
        int blocks = r.Count("population blocks", 12);
        var seen = new HashSet<int>();
        var rows = new List<NeuronState>();
        for (int b = 0; b < blocks; b++)
        {
            int p = r.Int32("a population");
            if (p < 0 || p >= layout.Populations.Count) throw r.Fail($"block {b} names population {p}; the network has {layout.Populations.Count}");
            var pop = layout.Populations[p];
            int width = r.Int32("a row width");
            if (width != pop.State.Count) throw r.Fail($"population {pop.Name} has rows of {width} values; the manifest lists {pop.State.Count} ({string.Join(",", pop.State)})");
            int count = r.Count($"neurons of {pop.Name}", 4 + 8 * width);
            var gids = new int[count];
            for (int i = 0; i < count; i++)
            {
                int gid = gids[i] = r.Int32("a gid");
                if (gid < pop.FirstGid || gid >= pop.FirstGid + pop.Size) throw r.Fail($"gid {gid} is outside population {pop.Name} [{pop.FirstGid}, {pop.FirstGid + pop.Size})");
                if (!GidRange.AnyContains(part.Gids, gid)) throw r.Fail($"gid {gid} is outside the part's gid ranges");
                if (!seen.Add(gid)) throw r.Fail($"gid {gid} appears twice");
            }
            var values = new double[count][];
            for (int i = 0; i < count; i++) values[i] = new double[width];
            bool counter = width > 0 && pop.State[^1] == NeuronGroup.CounterName;
            for (int v = 0; v < width; v++)
                for (int i = 0; i < count; i++)
                {
                    double x = values[i][v] = r.Double("a state value");
                    if (!double.IsFinite(x)) throw r.Fail($"neuron {gids[i]} has {pop.State[v]} = {x}, not a finite number");
                    if (counter && v == width - 1 && (x < 0 || x > int.MaxValue || x != Math.Floor(x)))
                        throw r.Fail($"neuron {gids[i]} has {pop.State[v]} = {x}, not a whole number of steps");
                }
            for (int i = 0; i < count; i++)
                if (keep is null || GidRange.AnyContains(keep, gids[i])) rows.Add(new NeuronState(gids[i], values[i]));
        }
        r.End();
        if (seen.Count != part.NeuronCount) throw r.Fail($"holds {seen.Count} neurons; the part's gid ranges hold {part.NeuronCount}");
        return rows;
    }

    /// <summary>Pending input; refuses gids outside the part, steps before the checkpoint, repeats and values that are not finite.</summary>
    internal static List<PendingInput> DecodePending(ReadOnlySpan<byte> bytes, PartEntry part, long step, IReadOnlyList<GidRange>? keep)
    {
        var r = new ByteReader(bytes, $"{part.File} section 'pending'");
        int n = r.Count("pending inputs", 21);
        var gid = new int[n];
        var receptor = new byte[n];
        var at = new long[n];
        for (int i = 0; i < n; i++)
        {
            gid[i] = r.Int32("a gid");
            if (!GidRange.AnyContains(part.Gids, gid[i])) throw r.Fail($"input for gid {gid[i]}, outside the part's gid ranges");
        }
        // Which receptors a neuron has depends on its backend (0 and 1 on the float kernel; an input group per
        // projection of negative weight_exp on a Loihi core): the shard's Restore checks it, as it checks the step.
        for (int i = 0; i < n; i++) receptor[i] = r.Byte("a receptor");
        for (int i = 0; i < n; i++)
        {
            at[i] = r.Int64("a step");
            // The end of the ring buffer depends on the holding shard's longest delay; the shard's Restore checks it.
            if (at[i] < step) throw r.Fail($"input for gid {gid[i]} arrives at step {at[i]}, before the checkpoint's step {step}");
            if (i > 0 && (gid[i - 1], receptor[i - 1], at[i - 1]).CompareTo((gid[i], receptor[i], at[i])) >= 0)
                throw r.Fail($"input for gid {gid[i]} receptor {receptor[i]} step {at[i]} is repeated or out of order");
        }
        var list = new List<PendingInput>();
        for (int i = 0; i < n; i++)
        {
            double v = r.Double("a value");
            if (!double.IsFinite(v)) throw r.Fail($"input for gid {gid[i]} at step {at[i]} is {v}, not a finite number");
            if (keep is null || GidRange.AnyContains(keep, gid[i])) list.Add(new PendingInput(gid[i], receptor[i], at[i], v));
        }
        r.End();
        return list;
    }

    /// <summary>Undelivered spikes; refuses spikes of neurons outside the part, spikes outside the last window, and repeats.</summary>
    internal static long[] DecodeInflight(ReadOnlySpan<byte> bytes, PartEntry part, long step, int windowSteps)
    {
        var r = new ByteReader(bytes, $"{part.File} section 'inflight'");
        int n = r.Count("undelivered spikes", 8);
        var spikes = new long[n];
        for (int i = 0; i < n; i++)
        {
            long e = spikes[i] = r.Int64("a spike");
            long at = SpikeEvent.Step(e);
            int gid = SpikeEvent.Gid(e);
            if (!GidRange.AnyContains(part.Gids, gid)) throw r.Fail($"a spike of gid {gid}, outside the part's gid ranges");
            if (at < step - windowSteps || at >= step)
                throw r.Fail($"a spike of gid {gid} at step {at}, outside the last window [{step - windowSteps}, {step})");
            if (i > 0 && spikes[i - 1] >= e) throw r.Fail($"the spike of gid {gid} at step {at} is repeated or out of order");
        }
        r.End();
        return spikes;
    }

    /// <summary>
    /// The weights of a plastic section, checked against <paramref name="layout"/>, the layout of the model being
    /// restored (it lists the projections); with <paramref name="keep"/>, only the entries of those targets, but a block
    /// for every projection listed, so the restoring shard knows which projections' weights were set. Refuses
    /// projections the model does not have or listed twice, targets outside the projection's target population or the
    /// part's gid ranges, sources outside its source population, multapses that do not count 0, 1, 2… for each pair,
    /// entries repeated or out of order, and weights that are not finite. Whether an entry names a synapse that exists,
    /// and whether every synapse has one, only the shard holding the target can tell (it refuses, naming the synapse).
    /// </summary>
    internal static List<SynapseWeights> DecodeWeights(ReadOnlySpan<byte> bytes, PartEntry part, CheckpointLayout layout, IReadOnlyList<GidRange>? keep) =>
        DecodePlastic(bytes, part, layout, keep, out _);

    /// <summary>
    /// The weights of a plastic section (see <see cref="DecodeWeights"/>) with the pairing state of plastic projections
    /// (traces finite and >= 0, last presynaptic spikes >= -1) and the archived postsynaptic spikes of the part's
    /// neurons (gids of the part in (gid, step) order, each spike once, steps >= 0, traces finite and >= 1, reads >= 0),
    /// of <paramref name="keep"/> only when given. Every plastic projection of the model must have its block.
    /// </summary>
    internal static List<SynapseWeights> DecodePlastic(ReadOnlySpan<byte> bytes, PartEntry part, CheckpointLayout layout, IReadOnlyList<GidRange>? keep, out ArchivedSpikes archive)
    {
        var r = new ByteReader(bytes, $"{part.File} section '{CheckpointSections.Plastic}'");
        int blocks = r.Count("projection blocks", 8);
        var seen = new HashSet<int>();
        var list = new List<SynapseWeights>(blocks);
        for (int b = 0; b < blocks; b++)
        {
            int j = r.Int32("a projection");
            if (j < 0 || j >= layout.Projections.Count)
                throw r.Fail($"block {b} names projection {j}; the model has {layout.Projections.Count} (0..{layout.Projections.Count - 1})");
            var pr = layout.Projections[j];
            string name = $"projection {j} ({pr.Label})";
            if (!seen.Add(j)) throw r.Fail($"{name} has a second block (block {b})");
            var sources = layout.Populations[pr.Source];
            var targets = layout.Populations[pr.Target];
            int count = r.Count($"synapses of {name}", 16);
            var target = new int[count];
            var source = new int[count];
            var multapse = new int[count];
            var weight = new float[count];
            for (int i = 0; i < count; i++)
            {
                int t = target[i] = r.Int32("a target gid");
                if (t < targets.FirstGid || t >= targets.FirstGid + targets.Size)
                    throw r.Fail($"{name}: gid {t} is not a target of the projection; its targets are {targets.Name}, gids {targets.FirstGid}..{targets.FirstGid + targets.Size - 1}");
                if (!GidRange.AnyContains(part.Gids, t)) throw r.Fail($"{name}: target gid {t} is outside the part's gid ranges");
            }
            for (int i = 0; i < count; i++)
            {
                int s = source[i] = r.Int32("a source gid");
                if (s < sources.FirstGid || s >= sources.FirstGid + sources.Size)
                    throw r.Fail($"{name}: gid {s} is not a source of the projection; its sources are {sources.Name}, gids {sources.FirstGid}..{sources.FirstGid + sources.Size - 1}");
            }
            for (int i = 0; i < count; i++)
            {
                int m = multapse[i] = r.Int32("a multapse");
                string synapse = $"synapse {source[i]} -> {target[i]} (multapse {m})";
                bool samePair = i > 0 && (target[i], source[i]) == (target[i - 1], source[i - 1]);
                if (samePair && m == multapse[i - 1]) throw r.Fail($"{name}: {synapse} appears twice");
                if (i > 0 && (target[i], source[i], m).CompareTo((target[i - 1], source[i - 1], multapse[i - 1])) < 0)
                    throw r.Fail($"{name}: {synapse} is out of (target, source, multapse) order");
                int expected = samePair ? multapse[i - 1] + 1 : 0;
                if (m != expected) throw r.Fail($"{name}: {synapse} should be multapse {expected}: a pair's synapses count 0, 1, 2… in generation order");
            }
            for (int i = 0; i < count; i++)
            {
                float w = weight[i] = r.Single("a weight");
                if (!float.IsFinite(w)) throw r.Fail($"{name}: synapse {source[i]} -> {target[i]} (multapse {multapse[i]}) has weight {w}, not a finite number");
            }
            float[]? trace = null;
            long[]? last = null;
            if (pr.Plastic)
            {
                trace = new float[count];
                last = new long[count];
                for (int i = 0; i < count; i++)
                {
                    float k = trace[i] = r.Single("a presynaptic trace");
                    if (!(k >= 0) || !float.IsFinite(k)) throw r.Fail($"{name}: synapse {source[i]} -> {target[i]} (multapse {multapse[i]}) has presynaptic trace {k}, not a finite number >= 0");
                }
                for (int i = 0; i < count; i++)
                {
                    long s = last[i] = r.Int64("a last presynaptic spike");
                    if (s < -1) throw r.Fail($"{name}: synapse {source[i]} -> {target[i]} (multapse {multapse[i]}) has its last presynaptic spike at step {s}; -1 (none yet) or a step >= 0");
                }
            }
            if (keep is null)
            {
                list.Add(new SynapseWeights(j, target, source, multapse, weight) { Trace = trace, LastSpike = last });
                continue;
            }
            var kept = Enumerable.Range(0, count).Where(i => GidRange.AnyContains(keep, target[i])).ToArray();
            list.Add(new SynapseWeights(j, [.. kept.Select(i => target[i])], [.. kept.Select(i => source[i])], [.. kept.Select(i => multapse[i])], [.. kept.Select(i => weight[i])])
            {
                Trace = trace is null ? null : [.. kept.Select(i => trace[i])],
                LastSpike = last is null ? null : [.. kept.Select(i => last[i])],
            });
        }
        for (int j = 0; j < layout.Projections.Count; j++)
            if (layout.Projections[j].Plastic && !seen.Contains(j)) throw r.Fail($"projection {j} ({layout.Projections[j].Label}) is plastic and has no block");
        archive = layout.HasPlastic ? DecodeArchive(ref r, part, keep) : ArchivedSpikes.None;
        r.End();
        return list;
    }

    private static ArchivedSpikes DecodeArchive(ref ByteReader r, PartEntry part, IReadOnlyList<GidRange>? keep)
    {
        int n = r.Count("archived spikes", 24);
        var gid = new int[n];
        var step = new long[n];
        var k = new double[n];
        var reads = new int[n];
        for (int i = 0; i < n; i++)
        {
            gid[i] = r.Int32("a gid");
            if (!GidRange.AnyContains(part.Gids, gid[i])) throw r.Fail($"archived spike of gid {gid[i]}, outside the part's gid ranges");
        }
        for (int i = 0; i < n; i++)
        {
            step[i] = r.Int64("a step");
            if (step[i] < 0) throw r.Fail($"archived spike of gid {gid[i]} at step {step[i]}; steps are >= 0");
            if (i > 0 && (gid[i], step[i]).CompareTo((gid[i - 1], step[i - 1])) <= 0)
                throw r.Fail($"archived spike of gid {gid[i]} at step {step[i]} is repeated or out of (gid, step) order");
        }
        for (int i = 0; i < n; i++)
        {
            k[i] = r.Double("a postsynaptic trace");
            if (!(k[i] >= 1) || !double.IsFinite(k[i])) throw r.Fail($"archived spike of gid {gid[i]} at step {step[i]} has trace {k[i]}; the trace just after a spike is a finite number >= 1");
        }
        for (int i = 0; i < n; i++)
        {
            reads[i] = r.Int32("a read count");
            if (reads[i] < 0) throw r.Fail($"archived spike of gid {gid[i]} at step {step[i]} has {reads[i]} reads; reads are >= 0");
        }
        if (keep is null) return n == 0 ? ArchivedSpikes.None : new ArchivedSpikes(gid, step, k, reads);
        var kept = Enumerable.Range(0, n).Where(i => GidRange.AnyContains(keep, gid[i])).ToArray();
        return new ArchivedSpikes([.. kept.Select(i => gid[i])], [.. kept.Select(i => step[i])], [.. kept.Select(i => k[i])], [.. kept.Select(i => reads[i])]);
    }

    /// <summary>A section this build writes empty: anything else is state it cannot restore, so it refuses it.</summary>
    internal static void DecodeEmpty(ReadOnlySpan<byte> bytes, PartEntry part, string section)
    {
        var r = new ByteReader(bytes, $"{part.File} section '{section}'");
        int n = r.Int32("the count");
        if (n != 0) throw r.Fail($"holds {n} entries; this build writes and reads only an empty '{section}' section");
        r.End();
    }

    /// <summary>Little-endian appends to a growing buffer.</summary>
    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void Byte(byte v) { _buffer.GetSpan(1)[0] = v; _buffer.Advance(1); }
        public void Int32(int v) { BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), v); _buffer.Advance(4); }
        public void Int64(long v) { BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); }
        public void Double(double v) { BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); }
        public void Single(float v) { BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), v); _buffer.Advance(4); }
        public void Bytes(ReadOnlySpan<byte> v) => _buffer.Write(v);
        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }
}
