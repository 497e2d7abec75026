using System.Buffers.Binary;
using System.Text;
using NeuroActors.Model.Files;

namespace NeuroActors.Model.Tests;

/// <summary>
/// Spike trains in .npy files against the NumPy format specification (numpy.lib.format): the magic string \x93NUMPY,
/// a major and minor version byte, the header length (uint16 little-endian in 1.0, uint32 in 2.0), an ASCII Python
/// dict literal with 'descr', 'fortran_order' and 'shape', padded with spaces and ended by '\n' so that the data starts
/// at a multiple of 64 bytes, then the raw data. The files are laid out here by hand, byte by byte.
/// </summary>
public class NpySpikeTrainsTests
{
    private static byte[] HandWritten(string dict, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.Length + 1;
        string header = dict + new string(' ', (total + 63) / 64 * 64 - total) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)major);
        bytes.Add(0);
        if (major == 1) bytes.AddRange([(byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        else bytes.AddRange([(byte)(header.Length & 0xff), (byte)(header.Length >> 8), 0, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("npy-tests").FullName, name);

    private static SpikeTrains Read(byte[] bytes)
    {
        string path = Temp("x.npy");
        File.WriteAllBytes(path, bytes);
        return NpySpikeTrains.Instance.Read(path, null);
    }

    [Fact]
    public void ATwoColumnFloat64ArrayInCOrderIsReadRowByRow()
    {
        // numpy.save('a.npy', numpy.array([[0, 1.5], [3, 2.25], [1, 7.0]]))
        var bytes = HandWritten("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", Doubles(0, 1.5, 3, 2.25, 1, 7.0));
        Assert.Equal(0, (bytes.Length - 48) % 64); // the data (48 bytes) starts on a 64-byte boundary

        var trains = Read(bytes);

        Assert.Equal([0, 3, 1], trains.Neurons);
        Assert.Equal([1.5, 2.25, 7.0], trains.TimesMs);
    }

    [Fact]
    public void TheWriterGivesTheHandWrittenBytes()
    {
        string path = Temp("w.npy");
        NpyWriter.WriteColumns(path, [[0, 3, 1], [1.5, 2.25, 7.0]]);
        Assert.Equal(HandWritten("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", Doubles(0, 1.5, 3, 2.25, 1, 7.0)),
            File.ReadAllBytes(path));

        NpyWriter.WriteRecords(path, "neuron", [4, 0], "time", [0.5, 12.0]);
        var data = new byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(data, 4);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), 0.5);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), 0);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(24), 12.0);
        Assert.Equal(HandWritten("{'descr': [('neuron', '<i8'), ('time', '<f8')], 'fortran_order': False, 'shape': (2,), }", data),
            File.ReadAllBytes(path));
        var trains = NpySpikeTrains.Instance.Read(path, null);
        Assert.Equal([4, 0], trains.Neurons);
        Assert.Equal([0.5, 12.0], trains.TimesMs);
    }

    [Fact]
    public void AStructuredArrayIsReadByFieldNameWhateverTheFieldOrderAndPadding()
    {
        // An int32 before a float64 in an aligned dtype gets 4 bytes of padding, which the header lists as ('', '|V4').
        var data = new byte[2 * 16];
        for (int r = 0; r < 2; r++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(r * 16), r == 0 ? 7 : 2);
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(r * 16 + 8), r == 0 ? 3.25 : 1.0);
        }
        var trains = Read(HandWritten("{'descr': [('node_id', '<i4'), ('', '|V4'), ('timestamp', '<f8')], 'fortran_order': False, 'shape': (2,), }", data));
        Assert.Equal([7, 2], trains.Neurons);
        Assert.Equal([3.25, 1.0], trains.TimesMs);

        var swapped = new byte[2 * 12];
        BinaryPrimitives.WriteSingleLittleEndian(swapped, 9.5f);
        BinaryPrimitives.WriteUInt64LittleEndian(swapped.AsSpan(4), 11);
        BinaryPrimitives.WriteSingleLittleEndian(swapped.AsSpan(12), 0.25f);
        BinaryPrimitives.WriteUInt64LittleEndian(swapped.AsSpan(16), 0);
        trains = Read(HandWritten("{'descr': [('time', '<f4'), ('neuron', '<u8')], 'fortran_order': False, 'shape': (2,), }", swapped));
        Assert.Equal([11, 0], trains.Neurons);
        Assert.Equal([9.5, 0.25], trains.TimesMs);
    }

    [Fact]
    public void FortranOrderVersion2AndIntegerArraysAreRead()
    {
        // Fortran order stores the columns one after the other: neuron indices, then times.
        var trains = Read(HandWritten("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }", Doubles(5, 6, 7, 0.1, 0.2, 0.3), major: 2));
        Assert.Equal([5, 6, 7], trains.Neurons);
        Assert.Equal([0.1, 0.2, 0.3], trains.TimesMs);

        var ints = new byte[4 * 8];
        foreach (var (i, v) in new[] { 1L, 10, 2, 20 }.Select((v, i) => (i, v))) BinaryPrimitives.WriteInt64LittleEndian(ints.AsSpan(i * 8), v);
        trains = Read(HandWritten("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", ints));
        Assert.Equal([1, 2], trains.Neurons);
        Assert.Equal([10.0, 20.0], trains.TimesMs);
    }

    [Theory]
    [InlineData("{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }", 2, "header descr: got '>f8'; the dtypes read are '<f8'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 6, "shape: got (2, 3); a spike array is 2-D with 2 columns")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 2, "shape: got (2,)")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (9, 2), }", 2, "data: got 16 bytes; shape (9, 2) of 8-byte items needs exactly 144")]
    [InlineData("{'descr': [('neuron', '<i8')], 'fortran_order': False, 'shape': (2,), }", 2, "fields: got ('neuron'); a structured spike array needs a time field")]
    [InlineData("{'descr': [('id', '<i8'), ('time', '<f8')], 'fortran_order': False, 'shape': (1,), }", 2, "needs an index field named one of neuron, node_id, node_ids")]
    [InlineData("{'descr': '<f8', 'shape': (1, 2), }", 2, "header fortran_order: got nothing; True or False")]
    public void ALayoutThatIsNotAcceptedIsRefusedInOneLine(string dict, int values, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Read(HandWritten(dict, Doubles(new double[values]))));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("x.npy", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(1.5, "row 1 neuron index: got 1.5; a whole number in [0, 2147483647]")]
    [InlineData(-1, "row 1 neuron index: got -1; a whole number in [0, 2147483647]")]
    public void ANeuronIndexMustBeAWholeNumberAtLeastZero(double index, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Read(HandWritten("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", Doubles(0, 1, index, 2))));
        Assert.EndsWith("x.npy': " + expected, ex.Message);
    }

    [Fact]
    public void NotAnNpyFileIsRefused()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Read("PK\x03\x04 not numpy at all"u8.ToArray()));
        Assert.EndsWith("x.npy': got no NumPy magic string; a .npy file starts with \\x93NUMPY (numpy.save writes one)", ex.Message);
    }

    [Fact]
    public void PerNeuronListsAreSortedAndSilentNeuronsEmpty()
    {
        var trains = new SpikeTrains([2, 0, 2, 2], [5.0, 1.0, 0.5, 3.0]);
        var lists = trains.PerNeuron(4);
        Assert.Equal([1.0], lists[0]);
        Assert.Empty(lists[1]);
        Assert.Equal([0.5, 3.0, 5.0], lists[2]);
        Assert.Empty(lists[3]);
    }
}
