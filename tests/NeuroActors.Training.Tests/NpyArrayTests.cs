namespace NeuroActors.Training.Tests;

/// <summary>The .npy reader against arrays numpy wrote (Fixtures/npy/make_fixtures.py).</summary>
public class NpyArrayTests
{
    [Theory]
    [InlineData("dtype_f4.npy", NpyElement.Float32)]
    [InlineData("dtype_f8.npy", NpyElement.Float64)]
    [InlineData("dtype_i1.npy", NpyElement.Int8)]
    [InlineData("dtype_i2.npy", NpyElement.Int16)]
    [InlineData("dtype_i4.npy", NpyElement.Int32)]
    [InlineData("dtype_i8.npy", NpyElement.Int64)]
    [InlineData("version_2.npy", NpyElement.Float32)]
    [InlineData("version_3.npy", NpyElement.Float32)]
    public void EveryAcceptedDtypeAndVersionReadsArangeMinusTwo(string file, NpyElement element)
    {
        var a = NpyArray.Read(Fixtures.NpyFile(file), file);
        Assert.Equal(element, a.Element);
        Assert.Equal([2L, 3L], a.Shape);
        for (int i = 0; i < 6; i++) Assert.Equal(i - 2, a[i]);
    }

    [Fact]
    public void UnsignedBytesAndBoolsRead()
    {
        var u = NpyArray.Read(Fixtures.NpyFile("dtype_u1.npy"));
        Assert.Equal(NpyElement.UInt8, u.Element);
        for (int i = 0; i < 6; i++) Assert.Equal(i, u[i]);
        var b = NpyArray.Read(Fixtures.NpyFile("dtype_b1.npy"));
        Assert.Equal(NpyElement.Bool, b.Element);
        Assert.Equal([1.0, 1, 0, 1, 1, 1], Enumerable.Range(0, 6).Select(i => b[i]));
        Assert.True(b.IsInteger);
        Assert.Equal(-2L, NpyArray.Read(Fixtures.NpyFile("dtype_i8.npy")).Integer(0));
    }

    [Theory]
    [InlineData("fortran.npy", "header fortran_order", "C order")]
    [InlineData("big_endian.npy", "header descr", "'>f4'")]
    [InlineData("uint16.npy", "header descr", "'<u2'")]
    [InlineData("structured.npy", "header descr", "a structured dtype")]
    public void OtherArraysAreRefusedInOneLineNamingFileAndField(string file, string field, string mentioned)
    {
        var ex = Assert.Throws<DatasetException>(() => NpyArray.Read(Fixtures.NpyFile(file), file));
        Assert.Equal(file, ex.File);
        Assert.Equal(field, ex.Field);
        Assert.Contains(mentioned, ex.Message);
        Assert.StartsWith(file + ", " + field + ": got ", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void TruncatedDataAndMissingMagicAreRefused()
    {
        var bytes = File.ReadAllBytes(Fixtures.NpyFile("dtype_f8.npy"));
        var ex = Assert.Throws<DatasetException>(() => NpyArray.Parse(bytes[..^4], "cut.npy"));
        Assert.Equal("data", ex.Field);
        Assert.Contains("needs exactly 48", ex.Expected);
        ex = Assert.Throws<DatasetException>(() => NpyArray.Parse("not numpy at all"u8.ToArray(), "x.npy"));
        Assert.Equal("magic string", ex.Field);
        var v4 = (byte[])bytes.Clone();
        v4[6] = 4;
        ex = Assert.Throws<DatasetException>(() => NpyArray.Parse(v4, "v4.npy"));
        Assert.Equal("format version", ex.Field);
        Assert.Equal("4.0", ex.Value);
    }
}
