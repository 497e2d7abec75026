using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using NeuroActors.Results.Training;

namespace NeuroActors.Results.Tests.Training;

public class NpyTensorFileTests
{
    // Ranks 0 to 15, empty arrays, long first axes (less spare header room) and a header of more than one 64-byte block.
    public static readonly int[][] Shapes =
    [
        [], [5], [0], [3, 4], [2, 3, 4], [128, 100], [0, 1000000000], [1000000, 0], [7, 1, 2],
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ];

    [NumpyFact]
    public void Files_are_byte_for_byte_what_numpy_save_writes_and_numpy_s_files_read_back()
    {
        var dir = SampleResults.TempDir();
        var cases = Shapes.SelectMany(s => new[] { ("f4", s), ("f8", s) }).ToList();
        var spec = string.Join(";", cases.Select((c, i) => $"{i}:<{c.Item1}:{string.Join(",", c.Item2)}"));
        Numpy.Check("""
            import sys, numpy as np
            d = sys.argv[1]
            for case in sys.argv[2].split(';'):
                i, dtype, shape = case.split(':')
                shape = tuple(int(x) for x in shape.split(',') if x)
                n = int(np.prod(shape))
                np.save(f'{d}/numpy-{i}.npy', (np.arange(n, dtype=np.float64) * 0.1).astype(dtype).reshape(shape))
            """, dir, spec);

        for (int i = 0; i < cases.Count; i++)
        {
            var (dtype, shape) = cases[i];
            int n = shape.Aggregate(1, (a, d) => a * d);
            string mine = Path.Combine(dir, $"mine-{i}.npy"), numpys = Path.Combine(dir, $"numpy-{i}.npy");
            var doubles = Enumerable.Range(0, n).Select(k => k * 0.1).ToArray();
            if (dtype == "f4") NpyTensorFile.Write<float>(mine, shape, doubles.Select(v => (float)v).ToArray());
            else NpyTensorFile.Write<double>(mine, shape, doubles);

            Assert.True(File.ReadAllBytes(numpys).AsSpan().SequenceEqual(File.ReadAllBytes(mine)), $"<{dtype} ({string.Join(", ", shape)}) differs from numpy.save's file");
            if (dtype == "f4") AssertArray(shape, doubles.Select(v => (float)v).ToArray(), NpyTensorFile.Read<float>(numpys));
            else AssertArray(shape, doubles, NpyTensorFile.Read<double>(numpys));
        }
    }

    [NumpyFact]
    public void Numpy_loads_the_trained_weights_with_their_names_shapes_dtype_and_every_bit()
    {
        var dir = SampleResults.TempDir();
        var tensors = new[]
        {
            new TrainedTensor<float>("layer1.weight", [3, 4], [0.1f, -0.0f, float.NaN, float.PositiveInfinity, float.Epsilon, float.MaxValue, -1e-38f, 1, 2, 3, 4, 5]),
            new TrainedTensor<float>("layer1.beta", [2], [0.9f, 0.95f]),
            new TrainedTensor<float>("readout.bias", [0], []),
        };

        TrainedWeightsWriter.Write(dir, tensors);

        string output = Numpy.Check("""
            import sys, json, numpy as np
            d = sys.argv[1]
            index = json.load(open(f'{d}/weights.json'))
            for t in index['tensors']:
                a = np.load(f"{d}/{t['file']}")
                assert a.flags['C_CONTIGUOUS'] and list(a.shape) == t['shape'] and a.dtype.str == t['dtype'], t
                print(t['name'], index['precision'], a.dtype.str, ','.join(map(str, a.shape)), a.tobytes().hex())
            """, dir);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(tensors.Length, lines.Length);
        for (int i = 0; i < tensors.Length; i++)
        {
            var bytes = new byte[4 * tensors[i].Values.Length];
            for (int k = 0; k < tensors[i].Values.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * k), tensors[i].Values[k]);
            Assert.Equal($"{tensors[i].Name} float32 <f4 {string.Join(",", tensors[i].Shape)} {Convert.ToHexStringLower(bytes)}".TrimEnd(), lines[i].TrimEnd());
        }
    }

    [Fact]
    public void Own_reader_reads_back_every_bit_of_floats_and_doubles()
    {
        var dir = SampleResults.TempDir();
        float[] floats = [0.1f, -0.0f, float.NaN, float.NegativeInfinity, float.Epsilon, float.MaxValue, BitConverter.Int32BitsToSingle(0x7fc00001)];
        double[] doubles = [0.1, -0.0, double.NaN, double.PositiveInfinity, double.Epsilon, double.MinValue, 1.0 / 3];

        NpyTensorFile.Write<float>(Path.Combine(dir, "f.npy"), [7], floats);
        NpyTensorFile.Write<double>(Path.Combine(dir, "d.npy"), [1, 7], doubles);

        var (fShape, fValues) = NpyTensorFile.Read<float>(Path.Combine(dir, "f.npy"));
        var (dShape, dValues) = NpyTensorFile.Read<double>(Path.Combine(dir, "d.npy"));
        Assert.Equal([7], fShape);
        Assert.Equal([1, 7], dShape);
        Assert.Equal(floats.Select(BitConverter.SingleToInt32Bits), fValues.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), dValues.Select(BitConverter.DoubleToInt64Bits));
        Assert.Contains("dtype '<f4', expected '<f8'", Assert.Throws<ResultsException>(() => NpyTensorFile.Read<double>(Path.Combine(dir, "f.npy"))).Message);
    }

    [Fact]
    public void The_model_s_npy_reader_reads_the_weights_as_written()
    {
        // NeuroActors.Model.NpyFile was written for model inputs, independently of this writer.
        var dir = SampleResults.TempDir();
        var values = Enumerable.Range(0, 12).Select(i => (float)Math.Sin(i)).ToArray();
        TrainedWeightsWriter.Write(dir, [new TrainedTensor<float>("layer1.weight", [3, 4], values)]);

        var npy = NeuroActors.Model.NpyFile.Read(Path.Combine(dir, "weights", "layer1.weight.npy"));

        Assert.Equal([3L, 4L], npy.Shape);
        Assert.False(npy.FortranOrder);
        Assert.Equal(NeuroActors.Model.NpyType.Float32, npy.Fields[0].Type);
        Assert.Equal(values.Select(v => (double)v), Enumerable.Range(0, 12).Select(i => npy.Get(i, npy.Fields[0])));
    }

    [Fact]
    public void Headers_fill_whole_64_byte_blocks_and_end_in_a_newline()
    {
        foreach (var shape in Shapes)
        {
            var header = NpyTensorFile.Header("<f4", shape);
            Assert.Equal(0, header.Length % 64);
            Assert.Equal((byte)'\n', header[^1]);
            Assert.Equal(header.Length - 10, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)));
            Assert.StartsWith($"\u0093NUMPY\u0001\u0000", System.Text.Encoding.Latin1.GetString(header));
        }
    }

    [Fact]
    public void Weights_index_names_every_file_and_an_earlier_run_s_files_go()
    {
        var dir = SampleResults.TempDir();
        TrainedWeightsWriter.Write(dir, [new TrainedTensor<double>("old.weight", [1], [1.0])]);

        var written = TrainedWeightsWriter.Write(dir, [
            new TrainedTensor<double>("layer1.weight", [2, 3], [1, 2, 3, 4, 5, 6]),
            new TrainedTensor<double>("readout.weight", [1, 2], [0.5, -0.5]),
        ]);

        var read = TrainedWeightsIndex.Read(Path.Combine(dir, TrainedWeightsIndex.FileName));
        Assert.Equal("float64", read.Precision);
        Assert.Equal(written.Tensors.Select(t => (t.Name, string.Join(",", t.Shape), t.Dtype, t.File)),
            read.Tensors.Select(t => (t.Name, string.Join(",", t.Shape), t.Dtype, t.File)));
        Assert.Equal(["layer1.weight", "readout.weight"], read.Tensors.Select(t => t.Name));
        Assert.Equal("weights/layer1.weight.npy", read.Tensors[0].File);
        Assert.Equal(new[] { "layer1.weight.npy", "readout.weight.npy" }, Directory.GetFiles(Path.Combine(dir, "weights")).Select(f => Path.GetFileName(f)!).Order().ToArray());
        AssertArray([2, 3], new double[] { 1, 2, 3, 4, 5, 6 }, NpyTensorFile.Read<double>(Path.Combine(dir, read.Tensors[0].File)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, TrainedWeightsIndex.FileName)));
        Assert.Equal(2, json.RootElement.GetProperty("tensors")[1].GetProperty("shape")[1].GetInt32());
    }

    [Fact]
    public void Weights_writer_rejects_unsafe_names_duplicates_and_shapes_that_do_not_hold_the_values()
    {
        var dir = SampleResults.TempDir();
        Assert.Contains("'../x'", Assert.Throws<ArgumentException>(() => TrainedWeightsWriter.Write(dir, [new TrainedTensor<float>("../x", [1], [1])])).Message);
        Assert.Contains("'.hidden'", Assert.Throws<ArgumentException>(() => TrainedWeightsWriter.Write(dir, [new TrainedTensor<float>(".hidden", [1], [1])])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => TrainedWeightsWriter.Write(dir,
            [new TrainedTensor<float>("a", [1], [1]), new TrainedTensor<float>("a", [1], [1])])).Message);
        Assert.Contains("holds 6 values, got 5", Assert.Throws<ArgumentException>(() => TrainedWeightsWriter.Write(dir, [new TrainedTensor<float>("a", [2, 3], new float[5])])).Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    private static void AssertArray<T>(int[] shape, T[] values, (int[] Shape, T[] Values) read)
    {
        Assert.Equal(shape, read.Shape);
        Assert.Equal(values, read.Values);
    }
}
