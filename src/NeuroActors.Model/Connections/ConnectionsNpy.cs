namespace NeuroActors.Model;

/// <summary>
/// Connections from a NumPy array: a 1-D structured array with the fields source, target, weight and delay_ms (any
/// order, other fields refused), or an N×4 array whose columns are source, target, weight and delay_ms. Every field
/// may be any dtype <see cref="NpyFile"/> reads; index fields must hold whole numbers.
/// </summary>
internal static class ConnectionsNpy
{
    public static ConnectionList Read(NpyFile npy)
    {
        string name = npy.Name;
        NpyField[] fields;
        Func<long, int, long> item;
        ConnectionFormat format;
        long n;
        if (npy.IsStructured)
        {
            if (npy.Shape.Count != 1)
                throw new ConnectionFileException($"{name}, header shape", Shape(npy), "a structured array of connections is 1-D: (N,)");
            foreach (var f in npy.Fields.Where(f => !ConnectionList.FieldNames.Contains(f.Name)))
                throw new ConnectionFileException($"{name}, header descr", $"field '{f.Name}'", $"the fields are {string.Join(", ", ConnectionList.FieldNames)}");
            fields = ConnectionList.FieldNames.Select(fn => npy.Fields.FirstOrDefault(f => f.Name == fn)
                ?? throw new ConnectionFileException($"{name}, header descr", $"no field '{fn}'", $"the fields are {string.Join(", ", ConnectionList.FieldNames)}")).ToArray();
            n = npy.Shape[0];
            item = (row, _) => row;
            format = ConnectionFormat.NpyStructured;
        }
        else
        {
            if (npy.Shape.Count != 2 || npy.Shape[1] != 4)
                throw new ConnectionFileException($"{name}, header shape", Shape(npy), "an N×4 array (columns source, target, weight, delay_ms) or a 1-D structured array");
            fields = [npy.Fields[0], npy.Fields[0], npy.Fields[0], npy.Fields[0]];
            n = npy.Shape[0];
            item = (row, column) => npy.ItemAt(row, column);
            format = ConnectionFormat.NpyColumns;
        }
        if (n > Array.MaxLength) throw new ConnectionFileException($"{name}, header shape", Shape(npy), $"at most {Array.MaxLength} connections");
        var list = new ConnectionList(format, name, new int[n], new int[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            int row = i;
            list.Sources[i] = ConnectionFile.Index(npy.Get(item(i, 0), fields[0]), () => list.Where(row, 0));
            list.Targets[i] = ConnectionFile.Index(npy.Get(item(i, 1), fields[1]), () => list.Where(row, 1));
            list.Weights[i] = npy.Get(item(i, 2), fields[2]);
            list.DelaysMs[i] = npy.Get(item(i, 3), fields[3]);
        }
        return list;
    }

    private static string Shape(NpyFile npy) => "(" + string.Join(", ", npy.Shape) + (npy.Shape.Count == 1 ? ",)" : ")");
}
