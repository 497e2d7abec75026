using System.Globalization;
using NeuroActors.Model;
using PureHDF;

namespace NeuroActors.Model.Tests;

/// <summary>
/// Explicit connections from CSV, NumPy and SONATA files: each format, encoded independently (<see cref="ConnectionWriters"/>),
/// reads back to the connections written, bit for bit; models name their files relative to themselves and carry the
/// connections to workers; and every way a file can be wrong is one line naming the file, the place, the value and
/// what is valid.
/// </summary>
public sealed class ConnectionFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("connections-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Multapses (0→1 twice), a recurrent-looking pair, weights that need every bit, delays that round both ways.
    private static readonly ConnectionList Reference = ConnectionList.Of(
        [0, 3, 0, 2, 1, 0],
        [1, 0, 1, 2, 2, 0],
        [0.1, -2.5, 0.30000000000000004, 1e-3, 12.75, 3.3333333333333335],
        [1.0, 0.1, 1.74, 1.76, 2.25, 100.0]);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void AssertSameConnections(ConnectionList expected, ConnectionList actual)
    {
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.Targets, actual.Targets);
        Assert.Equal(expected.Weights.Select(BitConverter.DoubleToInt64Bits), actual.Weights.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.DelaysMs.Select(BitConverter.DoubleToInt64Bits), actual.DelaysMs.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Every_format_reads_back_the_connections_written()
    {
        ConnectionWriters.Csv(PathOf("e.csv"), Reference);
        ConnectionWriters.Csv(PathOf("shuffled.csv"), Reference with { }, header: "weight,source,delay_ms,target");
        ConnectionWriters.NpyStructured(PathOf("s1.npy"), Reference);
        ConnectionWriters.NpyStructured(PathOf("s2.npy"), Reference, version: 2);
        ConnectionWriters.NpyColumns(PathOf("c.npy"), Reference);
        ConnectionWriters.NpyColumns(PathOf("f.npy"), Reference, fortran: true);
        ConnectionWriters.Sonata(PathOf("one.h5"), Reference);
        ConnectionWriters.Sonata(PathOf("two.h5"), Reference, twoGroups: true);

        foreach (var name in new[] { "e.csv", "s1.npy", "s2.npy", "c.npy", "f.npy", "one.h5", "two.h5" })
            AssertSameConnections(Reference, ConnectionFile.Read(PathOf(name), name));
        Assert.Equal(ConnectionFormat.Sonata, ConnectionFile.Read(PathOf("two.h5")).Format);
        Assert.Equal("edges", ConnectionFile.Read(PathOf("two.h5")).EdgePopulation);
        Assert.Equal(ConnectionFormat.NpyColumns, ConnectionFile.Read(PathOf("f.npy")).Format);
    }

    [Fact]
    public void A_csv_header_may_name_the_columns_in_any_order()
    {
        File.WriteAllText(PathOf("any.csv"), "weight, delay_ms ,target,source\r\n0.5,1.5,2,3\r\n-1,0.2,0,1\r\n\r\n");

        var c = ConnectionFile.Read(PathOf("any.csv"));

        Assert.Equal([3, 1], c.Sources);
        Assert.Equal([2, 0], c.Targets);
        Assert.Equal([0.5, -1], c.Weights);
        Assert.Equal([1.5, 0.2], c.DelaysMs);
    }

    [Fact]
    public void Npy_structured_fields_of_any_accepted_dtype_and_padding_are_read()
    {
        // source '<i4', then 4 bytes of padding, target '<u8', weight '<f4', delay_ms '<f8': 28 bytes an item.
        var data = new byte[2 * 28];
        void Row(int i, int s, ulong t, float w, double d)
        {
            var row = data.AsSpan(i * 28);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(row, s);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(row[8..], t);
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(row[16..], w);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(row[20..], d);
        }
        Row(0, 2, 1, 0.1f, 1.5);
        Row(1, 0, 3, -4f, 0.1);
        ConnectionWriters.Npy(PathOf("mixed.npy"), "[('source', '<i4'), ('', '|V4'), ('target', '<u8'), ('weight', '<f4'), ('delay_ms', '<f8')]", false, "(2,)", data);

        var c = ConnectionFile.Read(PathOf("mixed.npy"));

        Assert.Equal([2, 0], c.Sources);
        Assert.Equal([1, 3], c.Targets);
        Assert.Equal([(double)0.1f, -4.0], c.Weights);
        Assert.Equal([1.5, 0.1], c.DelaysMs);
    }

    [Fact]
    public void A_model_finds_its_file_beside_itself_and_carries_the_connections_to_workers()
    {
        ConnectionWriters.Sonata(PathOf("edges.h5"), Reference);
        string model = PathOf("model.yaml");
        File.WriteAllText(model, """
            simulation: {dt: 0.1, duration: 10}
            populations:
              - {name: a, size: 4, model: poisson_source}
              - {name: b, size: 3, model: iaf_psc_delta}
            projections:
              - {source: a, target: b, connector: {rule: from_file, file: edges.h5}, synapse: {receptor: inhibitory}}
            """);

        var spec = ModelLoader.Load(model);
        var back = SpecJson.Deserialize(SpecJson.Serialize(spec));

        var pr = spec.Projections[0];
        Assert.Equal(ConnectorKind.FromFile, pr.Connector.Kind);
        Assert.Equal(Receptor.Inhibitory, pr.Synapse.Receptor);
        Assert.Equal("edges.h5", pr.Connector.Connections!.File);
        AssertSameConnections(Reference, pr.Connector.Connections);
        AssertSameConnections(Reference, back.Projections[0].Connector.Connections!);
        Assert.Equal(SpecJson.Serialize(spec), SpecJson.Serialize(back));
        Assert.Equal(0.1, pr.MinDelayMs);
    }

    [Fact]
    public void A_model_without_from_file_serializes_as_before()
    {
        // Fingerprints of existing models (and so their checkpoints) must not change: no new field when none is used.
        var spec = ModelLoader.Parse("""
            populations: [{name: a, size: 2, model: iaf_psc_delta}]
            projections: [{source: a, target: a, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}]
            """);

        string json = SpecJson.Serialize(spec);

        Assert.DoesNotContain("Connections", json);
        Assert.DoesNotContain("MinDelayMs", json);
    }

    [Fact]
    public void An_edges_file_with_several_populations_needs_one_named()
    {
        var pop = new H5Group { ["source_node_id"] = new ulong[] { 1 }, ["target_node_id"] = new ulong[] { 0 }, ["0"] = new H5Group { ["syn_weight"] = new[] { 2.0 }, ["delay"] = new[] { 1.5 } } };
        var other = new H5Group { ["source_node_id"] = new ulong[] { 0 }, ["target_node_id"] = new ulong[] { 2 }, ["0"] = new H5Group { ["syn_weight"] = new[] { 3.0 }, ["delay"] = new[] { 2.5 } } };
        new H5File { ["edges"] = new H5Group { ["a_to_b"] = pop, ["b_to_a"] = other } }.Write(PathOf("two.h5"));

        var error = Assert.Throws<ConnectionFileException>(() => ConnectionFile.Read(PathOf("two.h5"), "two.h5"));
        var chosen = ConnectionFile.Read(PathOf("two.h5"), "two.h5", "b_to_a");
        var unknown = Assert.Throws<ConnectionFileException>(() => ConnectionFile.Read(PathOf("two.h5"), "two.h5", "c_to_d"));

        Assert.Equal("two.h5 /edges: got 2 edge populations; name one with edge_population: a_to_b, b_to_a", error.Message);
        Assert.Equal([0], chosen.Sources);
        Assert.Equal([2], chosen.Targets);
        Assert.Equal([3.0], chosen.Weights);
        Assert.Equal([2.5], chosen.DelaysMs);
        Assert.Equal("two.h5 /edges: got no edge population 'c_to_d'; the file's edge populations are: a_to_b, b_to_a", unknown.Message);
    }

    private string Model(string connector, string synapse = "{receptor: excitatory}", string target = "iaf_psc_delta") => $$"""
        simulation: {dt: 0.1, duration: 10}
        populations:
          - {name: a, size: 4, model: poisson_source}
          - {name: b, size: 3, model: {{target}}}
        projections:
          - {source: a, target: b, connector: {{connector}}, synapse: {{synapse}}}
        """;

    private ModelException LoadFails(string yaml)
    {
        File.WriteAllText(PathOf("model.yaml"), yaml);
        return Assert.Throws<ModelException>(() => ModelLoader.Load(PathOf("model.yaml")));
    }

    public static TheoryData<string, string, string> CsvErrors => new()
    {
        // name, content, the whole message
        { "target out of range", "source,target,weight,delay_ms\n0,1,1,1\n3,5,1,1\n",
            "projections[0].connector.file (e.csv line 3, target): got 5; a target index of 'b' must lie in [0, 3)" },
        { "source out of range", "source,target,weight,delay_ms\n-1,1,1,1\n",
            "projections[0].connector.file (e.csv line 2, source): got -1; a source index of 'a' must lie in [0, 4)" },
        { "negative delay", "source,target,weight,delay_ms\n0,1,1,-1\n",
            "projections[0].connector.file (e.csv line 2, delay_ms): got -1; a delay cannot be negative; delays are at least one time step (0.1 ms)" },
        { "delay below dt", "source,target,weight,delay_ms\n0,1,1,0.05\n",
            "projections[0].connector.file (e.csv line 2, delay_ms): got 0.05; delays must be at least one time step (0.1 ms)" },
        { "delay too long", "source,target,weight,delay_ms\n0,1,1,7000\n",
            "projections[0].connector.file (e.csv line 2, delay_ms): got 7000; delays must be at most 65535 steps (6553.5 ms)" },
        { "NaN weight", "source,target,weight,delay_ms\n0,1,NaN,1\n",
            "projections[0].connector.file (e.csv line 2, weight): got NaN; a weight is a finite number" },
        { "weight not a number", "source,target,weight,delay_ms\n0,1,1,1\n0,1,1mV,1\n",
            "projections[0].connector.file (e.csv line 3, weight): got '1mV'; a number such as 0.5 or 1e-3 (a decimal point, no units)" },
        { "index not whole", "source,target,weight,delay_ms\n0.5,1,1,1\n",
            "projections[0].connector.file (e.csv line 2, source): got '0.5'; an index is a whole number from 0 to 2147483647" },
        { "wrong header", "source,target,weight,delay\n0,1,1,1\n",
            "projections[0].connector.file (e.csv line 1): got 'source,target,weight,delay'; the header names the columns source,target,weight,delay_ms (in any order, each once)" },
        { "short line", "source,target,weight,delay_ms\n0,1,1\n",
            "projections[0].connector.file (e.csv line 2): got 3 fields; 4 fields: source, target, weight, delay_ms" },
        { "blank line inside", "source,target,weight,delay_ms\n0,1,1,1\n\n0,1,1,1\n",
            "projections[0].connector.file (e.csv line 3): got a blank line; every line after the header is one connection (blank lines only at the end)" },
        { "empty", "",
            "projections[0].connector.file (e.csv line 1): got an empty file; a header: source,target,weight,delay_ms" },
    };

    [Theory]
    [MemberData(nameof(CsvErrors))]
    public void A_wrong_csv_file_is_one_line_naming_the_place_the_value_and_what_is_valid(string name, string content, string message)
    {
        File.WriteAllText(PathOf("e.csv"), content);

        var error = LoadFails(Model("{rule: from_file, file: e.csv}"));

        Assert.True(error.Errors.Count == 1, name);
        Assert.Equal(message, error.Errors[0].ToString());
    }

    [Fact]
    public void Weights_of_the_wrong_sign_for_the_target_model_are_refused()
    {
        File.WriteAllText(PathOf("e.csv"), "source,target,weight,delay_ms\n0,1,-1,1\n");

        var cond = LoadFails(Model("{rule: from_file, file: e.csv}", target: "iaf_cond_exp"));
        var current = LoadFails(Model("{rule: from_file, file: e.csv}", target: "iaf_psc_exp"));

        Assert.Equal("projections[0].connector.file (e.csv line 2, weight): got -1; conductance weights (nS) must be >= 0; the receptor says whether the synapse excites or inhibits",
            Assert.Single(cond.Errors).ToString());
        Assert.StartsWith("projections[0].connector.file (e.csv line 2, weight): got -1; iaf_psc_exp excitatory weights (pA) must be >= 0", Assert.Single(current.Errors).ToString());
    }

    [Fact]
    public void A_file_wrong_on_many_lines_lists_the_first_ten_and_counts_the_rest()
    {
        File.WriteAllLines(PathOf("e.csv"), ["source,target,weight,delay_ms", .. Enumerable.Range(0, 25).Select(i => "0,9,1,1")]);

        var error = LoadFails(Model("{rule: from_file, file: e.csv}"));

        Assert.Equal(11, error.Errors.Count);
        Assert.Equal("projections[0].connector.file (e.csv line 11, target): got 9; a target index of 'b' must lie in [0, 3)", error.Errors[9].ToString());
        Assert.Equal("projections[0].connector.file: got 15 more errors in the connections; only the first 10 are listed", error.Errors[10].ToString());
    }

    [Fact]
    public void Wrong_npy_files_are_one_line_each()
    {
        ConnectionWriters.Npy(PathOf("complex.npy"), "'<c16'", false, "(1, 4)", new byte[64]);
        ConnectionWriters.Npy(PathOf("big.npy"), "'>f8'", false, "(1, 4)", new byte[32]);
        ConnectionWriters.Npy(PathOf("three.npy"), "'<f8'", false, "(2, 3)", new byte[48]);
        ConnectionWriters.Npy(PathOf("short.npy"), "'<f8'", false, "(2, 4)", new byte[40]);
        ConnectionWriters.Npy(PathOf("fields.npy"), "[('source', '<i8'), ('target', '<i8'), ('weight', '<f8')]", false, "(1,)", new byte[24]);
        ConnectionWriters.Npy(PathOf("half.npy"), "'<f8'", false, "(1, 4)", BitConverter.GetBytes(0.5).Concat(new byte[24]).ToArray());
        File.WriteAllBytes(PathOf("text.npy"), "source,target\n"u8.ToArray());
        var v3 = File.ReadAllBytes(PathOf("half.npy"));
        v3[6] = 3;
        File.WriteAllBytes(PathOf("v3.npy"), v3);

        string Message(string file) => Assert.Single(LoadFails(Model($"{{rule: from_file, file: {file}}}")).Errors).ToString();

        Assert.Equal("projections[0].connector.file (complex.npy, header descr): got '<c16'; the dtypes read are '<f8', '<f4', '<i8', '<i4', '<u8' (little-endian)", Message("complex.npy"));
        Assert.Equal("projections[0].connector.file (big.npy, header descr): got '>f8'; the dtypes read are '<f8', '<f4', '<i8', '<i4', '<u8' (little-endian)", Message("big.npy"));
        Assert.Equal("projections[0].connector.file (three.npy, header shape): got (2, 3); an N×4 array (columns source, target, weight, delay_ms) or a 1-D structured array", Message("three.npy"));
        Assert.Equal("projections[0].connector.file (short.npy, data): got 40 bytes; shape (2, 4) of 8-byte items needs exactly 64", Message("short.npy"));
        Assert.Equal("projections[0].connector.file (fields.npy, header descr): got no field 'delay_ms'; the fields are source, target, weight, delay_ms", Message("fields.npy"));
        Assert.Equal("projections[0].connector.file (half.npy row 0, column 0 (source)): got 0.5; an index is a whole number from 0 to 2147483647", Message("half.npy"));
        Assert.Equal("projections[0].connector.file (text.npy): got no NumPy magic string; a .npy file starts with \\x93NUMPY (numpy.save writes one)", Message("text.npy"));
        Assert.Equal("projections[0].connector.file (v3.npy, format version): got 3.0; the versions read are 1.0 and 2.0", Message("v3.npy"));
    }

    [Fact]
    public void Wrong_sonata_files_are_one_line_each()
    {
        ConnectionWriters.Sonata(PathOf("nodelay.h5"), Reference, withDelay: false);
        new H5File { ["nodes"] = new H5Group() }.Write(PathOf("nodes.h5"));
        new H5File { ["edges"] = new H5Group { ["e"] = new H5Group { ["source_node_id"] = new ulong[] { 0, 1 }, ["target_node_id"] = new ulong[] { 0 } } } }.Write(PathOf("ragged.h5"));
        ConnectionWriters.Sonata(PathOf("far.h5"), Reference with { DelaysMs = [1, 1, 1, 1, 1, 0.01] });

        string Message(string file) => Assert.Single(LoadFails(Model($"{{rule: from_file, file: {file}}}", "{receptor: excitatory}", "iaf_psc_delta")).Errors).ToString();

        Assert.Equal("projections[0].connector.file (nodelay.h5 /edges/edges/0): got no dataset delay; /edges/edges/0/delay is required", Message("nodelay.h5"));
        Assert.Equal("projections[0].connector.file (nodes.h5): got no group /edges; a SONATA edges file holds /edges/<population>/source_node_id, target_node_id and an edge group", Message("nodes.h5"));
        Assert.Equal("projections[0].connector.file (ragged.h5 /edges/e/target_node_id): got 1 values; one per edge (2, as source_node_id)", Message("ragged.h5"));
        Assert.Equal("projections[0].connector.file (far.h5 /edges/edges edge 5, delay): got 0.01; delays must be at least one time step (0.1 ms)", Message("far.h5"));
        File.WriteAllText(PathOf("text.h5"), "source,target,weight,delay_ms\n");
        Assert.StartsWith("projections[0].connector.file (text.h5): got a file that cannot be read as HDF5; a SONATA edges file written by HDF5 (", Message("text.h5"));
    }

    [Fact]
    public void The_connector_and_synapse_keys_of_from_file_are_checked()
    {
        ConnectionWriters.Csv(PathOf("e.csv"), ConnectionList.Of([0], [1], [1], [1]));
        string Message(string connector, string synapse = "{receptor: excitatory}") => string.Join(" | ", LoadFails(Model(connector, synapse)).Errors);

        Assert.Equal("projections[0].synapse.weight (line 6): got 'weight'; from_file takes each connection's weight from its file; the synapse gives only the receptor",
            Message("{rule: from_file, file: e.csv}", "{weight: 1}"));
        Assert.Equal("projections[0].connector.p (line 6): got 'p'; from_file takes only: file, edge_population", Message("{rule: from_file, file: e.csv, p: 0.1}"));
        Assert.Equal("projections[0].connector.file: got nothing; 'file' is required: the connection file (.csv, .npy, .h5, .hdf5)", Message("{rule: from_file}").Replace(" (line 6)", ""));
        Assert.Equal("projections[0].connector.file (e.txt): got extension '.txt'; connection files are .csv, .npy, .h5, .hdf5 (CSV, NumPy, SONATA edges HDF5)", Message("{rule: from_file, file: e.txt}"));
        Assert.Equal("projections[0].connector.file (e.csv): got edge_population 'x'; only SONATA (.h5, .hdf5) files hold edge populations", Message("{rule: from_file, file: e.csv, edge_population: x}"));
        Assert.StartsWith("projections[0].connector.file (missing.csv): got no such file; a readable file (looked at ", Message("{rule: from_file, file: missing.csv}"));
    }

    [Fact]
    public void The_builder_takes_connections_built_in_code_and_checks_them()
    {
        NetworkBuilder Builder(ConnectionList c) => new NetworkBuilder(dtMs: 0.1, durationMs: 10)
            .PoissonSource("a", 4, 10).Population("b", 3, NeuronModel.IafPscDelta).Connections("a", "b", c);

        var spec = Builder(ConnectionList.Of([0, 3], [2, 2], [1.5, -1], [0.3, 0.2])).Build();
        var ragged = Assert.Throws<ModelException>(() => Builder(ConnectionList.Of([0, 3], [2], [1.5, -1], [0.3, 0.2])).Build());
        var late = Assert.Throws<ModelException>(() => Builder(ConnectionList.Of([0], [2], [1.5], [0.05])).Build());
        var doubled = Assert.Throws<ModelException>(() => new NetworkBuilder(dtMs: 0.1, durationMs: 10)
            .PoissonSource("a", 4, 10).Population("b", 3, NeuronModel.IafPscDelta)
            .Projection("a", "b", ConnectorSpec.FromConnections(ConnectionList.Of([0], [2], [1.5], [0.3])),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1), Distribution.Constant(1))).Build());

        Assert.Equal(0.2, spec.Projections[0].MinDelayMs);
        Assert.Equal("projections[0].connector.connections: got 2 sources, 1 targets, 2 weights, 2 delays; one source, target, weight and delay per connection", Assert.Single(ragged.Errors).ToString());
        Assert.Equal("projections[0].connector (connections[0].delay_ms): got 0.05; delays must be at least one time step (0.1 ms)", Assert.Single(late.Errors).ToString());
        Assert.StartsWith("projections[0].synapse: got weight 1, delay 1; from_file takes each connection's weight and delay from its connections", Assert.Single(doubled.Errors).ToString());
    }

    [Fact]
    public void A_model_sent_without_its_connection_arrays_is_refused_not_crashed_on()
    {
        var spec = new NetworkBuilder(dtMs: 0.1, durationMs: 10).PoissonSource("a", 4, 10).Population("b", 3, NeuronModel.IafPscDelta)
            .Connections("a", "b", ConnectionList.Of([0], [2], [1.5], [0.3])).Build();
        string json = SpecJson.Serialize(spec).Replace("\"Weights\":[1.5]", "\"Weights\":null");

        var error = Assert.Throws<ModelException>(() => SpecJson.Deserialize(json));

        Assert.Equal("projections[0].connector.connections: got a list without sources, targets, weights or delays; one source, target, weight and delay per connection",
            Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void An_empty_list_makes_no_synapse_and_constrains_no_window()
    {
        File.WriteAllText(PathOf("e.csv"), "source,target,weight,delay_ms\n");
        File.WriteAllText(PathOf("model.yaml"), Model("{rule: from_file, file: e.csv}"));

        var spec = ModelLoader.Load(PathOf("model.yaml"));

        Assert.Equal(0, spec.Projections[0].Connector.Connections!.Count);
        Assert.Equal(double.PositiveInfinity, spec.Projections[0].MinDelayMs);
    }
}
