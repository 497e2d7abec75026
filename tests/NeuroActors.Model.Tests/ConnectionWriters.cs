using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NeuroActors.Model;
using PureHDF;

namespace NeuroActors.Model.Tests;

/// <summary>
/// Writes connections in the three file formats the model reads, each encoded here by hand from its specification
/// (the CSV header, NumPy's .npy layout, SONATA's edges layout), so that the readers are tested against encoders
/// that share no code with them. Also used by the kernel and runtime tests.
/// </summary>
public static class ConnectionWriters
{
    public static void Csv(string path, ConnectionList c, string header = "source,target,weight,delay_ms")
    {
        var sb = new StringBuilder(header).Append('\n');
        for (int i = 0; i < c.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{c.Sources[i]},{c.Targets[i]},{c.Weights[i]:R},{c.DelaysMs[i]:R}\n");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>A structured array (source and target as '&lt;i8', weight and delay_ms as '&lt;f8'), in version 1.0 or 2.0.</summary>
    public static void NpyStructured(string path, ConnectionList c, int version = 1)
    {
        var data = new byte[c.Count * 32];
        for (int i = 0; i < c.Count; i++)
        {
            var row = data.AsSpan(i * 32);
            BinaryPrimitives.WriteInt64LittleEndian(row, c.Sources[i]);
            BinaryPrimitives.WriteInt64LittleEndian(row[8..], c.Targets[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(row[16..], c.Weights[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(row[24..], c.DelaysMs[i]);
        }
        Npy(path, "[('source', '<i8'), ('target', '<i8'), ('weight', '<f8'), ('delay_ms', '<f8')]", false, $"({c.Count},)", data, version);
    }

    /// <summary>An N×4 '&lt;f8' array, in C or Fortran order.</summary>
    public static void NpyColumns(string path, ConnectionList c, bool fortran = false)
    {
        int n = c.Count;
        var data = new byte[n * 32];
        for (int i = 0; i < n; i++)
        {
            double[] row = [c.Sources[i], c.Targets[i], c.Weights[i], c.DelaysMs[i]];
            for (int k = 0; k < 4; k++)
                BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * (fortran ? k * n + i : i * 4 + k)), row[k]);
        }
        Npy(path, "'<f8'", fortran, $"({n}, 4)", data);
    }

    /// <summary>Any .npy file: NumPy's preamble, the header padded with spaces to a multiple of 64 bytes and ended by a newline, the data.</summary>
    public static void Npy(string path, string descr, bool fortran, string shape, byte[] data, int version = 1)
    {
        string dict = $"{{'descr': {descr}, 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int preamble = version == 1 ? 10 : 12;
        int total = (preamble + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(total - preamble - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
    }

    /// <summary>
    /// A SONATA edges file with one edge population: uint64 node ids, and the weights and delays in edge groups. With
    /// <paramref name="twoGroups"/> the odd edges go to group 1 and every group stores its rows in reverse order, so that
    /// edge_group_id and edge_group_index matter.
    /// </summary>
    public static void Sonata(string path, ConnectionList c, string population = "edges", bool twoGroups = false, bool withDelay = true)
    {
        int n = c.Count;
        var groupId = new ushort[n];
        var groupIndex = new ulong[n];
        var members = new List<int>[] { [], [] };
        for (int i = 0; i < n; i++)
        {
            int g = twoGroups ? i % 2 : 0;
            groupId[i] = (ushort)g;
            members[g].Add(i);
        }
        var pop = new H5Group
        {
            ["source_node_id"] = c.Sources.Select(s => (ulong)s).ToArray(),
            ["target_node_id"] = c.Targets.Select(t => (ulong)t).ToArray(),
            ["edge_type_id"] = new long[n],
            ["edge_group_id"] = groupId,
        };
        for (int g = 0; g < (twoGroups ? 2 : 1); g++)
        {
            var rows = twoGroups ? Enumerable.Reverse(members[g]).ToList() : members[g];
            for (int r = 0; r < rows.Count; r++) groupIndex[rows[r]] = (ulong)r;
            var group = new H5Group { ["syn_weight"] = rows.Select(i => c.Weights[i]).ToArray() };
            if (withDelay) group["delay"] = rows.Select(i => c.DelaysMs[i]).ToArray();
            pop[g.ToString(CultureInfo.InvariantCulture)] = group;
        }
        pop["edge_group_index"] = groupIndex;
        new H5File { ["edges"] = new H5Group { [population] = pop } }.Write(path);
    }
}
