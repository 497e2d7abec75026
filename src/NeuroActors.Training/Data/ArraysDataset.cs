using System.Globalization;

namespace NeuroActors.Training;

/// <summary>
/// Reads an <see cref="ArraysSpec"/>'s files into a <see cref="SampleSet"/> (formats in docs/training.md, "Datasets"):
/// <list type="bullet">
/// <item>inputs <c>.npy</c> of shape [samples, steps, units] (spike trains, or values injected as they are) or
/// [samples, units] (features, presented on each of <see cref="ArraysSpec.Steps"/> steps);</item>
/// <item>inputs <c>.csv</c>: one row of numbers per sample (features), or an event list with the header
/// <c>sample,step,unit</c> or <c>sample,step,unit,value</c> (spike trains; needs <c>steps</c> and <c>units</c>);</item>
/// <item>labels <c>.npy</c> (integer dtype, [samples] or [samples, 1]) or <c>.csv</c> (one integer per line, after an
/// optional header line); classes = largest label + 1, at least 2.</item>
/// </list>
/// Zeros are not events. When every event has value 1 the set is binary (<see cref="SampleSet.Values"/> null);
/// otherwise values are kept as float32. Every error is a <see cref="DatasetException"/> naming the file (as the config
/// wrote it), the field and what would be valid.
/// </summary>
public static class ArraysDataset
{
    /// <summary>Reads the samples of <paramref name="spec"/>; relative paths are taken from <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="DatasetException">A file's content or shape does not fit.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static SampleSet Load(ArraysSpec spec, string baseDirectory)
    {
        int[] labels = ReadLabels(spec.Labels, Path.Combine(baseDirectory, spec.Labels));
        int max = labels.Max();
        if (max < 1)
            throw new DatasetException(spec.Labels, "labels", $"only class {max}", "at least two classes (labels 0 and 1 at least; classes = largest label + 1)");
        int classes = max + 1;
        string path = Path.Combine(baseDirectory, spec.Inputs);
        var builder = Path.GetExtension(spec.Inputs).ToLowerInvariant() switch
        {
            ".npy" => FromNpy(spec, NpyArray.Read(path, spec.Inputs), labels.Length),
            ".csv" => FromCsv(spec, File.ReadAllLines(path), labels.Length),
            var ext => throw new DatasetException(spec.Inputs, "file type", ext.Length == 0 ? "no extension" : $"'{ext}'", "inputs are .npy (NumPy) or .csv"),
        };
        return builder.Build(labels, classes);
    }

    /// <summary>The labels of a .npy or .csv file, checked to be whole numbers ≥ 0.</summary>
    internal static int[] ReadLabels(string name, string path)
    {
        switch (Path.GetExtension(name).ToLowerInvariant())
        {
            case ".npy":
                var a = NpyArray.Read(path, name);
                if (!a.IsInteger)
                    throw new DatasetException(name, "dtype", $"'{a.Descr}'", "labels are class indices of an integer dtype ('<i8', '<i4', '<i2', '|i1', '|u1')");
                if (!(a.Shape.Count == 1 || a.Shape.Count == 2 && a.Shape[1] == 1))
                    throw new DatasetException(name, "shape", a.ShapeText, "labels have shape (samples,) or (samples, 1)");
                if (a.Length == 0) throw new DatasetException(name, "shape", a.ShapeText, "at least one label");
                var labels = new int[checked((int)a.Length)];
                for (int i = 0; i < labels.Length; i++) labels[i] = Label(name, $"element {i}", a.Integer(i));
                return labels;
            case ".csv":
                var result = new List<int>();
                var lines = File.ReadAllLines(path);
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].Trim();
                    if (line.Length == 0) continue;
                    if (line.Contains(','))
                        throw new DatasetException(name, $"line {i + 1}", $"'{Shorten(line)}'", "one label per line");
                    if (!long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                    {
                        if (result.Count == 0 && i == FirstNonEmpty(lines) && !double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue; // a header
                        throw new DatasetException(name, $"line {i + 1}", $"'{Shorten(line)}'", "a whole number >= 0 (a class index)");
                    }
                    result.Add(Label(name, $"line {i + 1}", v));
                }
                if (result.Count == 0) throw new DatasetException(name, "labels", "none", "one label per sample");
                return result.ToArray();
            default:
                var ext = Path.GetExtension(name);
                throw new DatasetException(name, "file type", ext.Length == 0 ? "no extension" : $"'{ext}'", "labels are .npy (NumPy) or .csv");
        }
    }

    private static int Label(string file, string where, long value) =>
        value is >= 0 and < int.MaxValue ? (int)value
            : throw new DatasetException(file, where, value.ToString(CultureInfo.InvariantCulture), "a class index >= 0");

    private static EventBuilder FromNpy(ArraysSpec spec, NpyArray a, int samples)
    {
        string name = a.Name;
        if (a.Shape.Count is not (2 or 3))
            throw new DatasetException(name, "shape", a.ShapeText, "inputs are [samples, steps, units] (spike trains) or [samples, units] (features)");
        if (a.Shape[0] != samples)
            throw new DatasetException(name, "shape", a.ShapeText, $"one sample per label: the labels hold {samples}, so the first dimension must be {samples}");
        if (a.Shape.Any(d => d > int.MaxValue))
            throw new DatasetException(name, "shape", a.ShapeText, $"dimensions of at most {int.MaxValue}");
        bool features = a.Shape.Count == 2;
        long units = a.Shape[^1];
        long steps = features ? RequireSteps(spec, name, "features of shape [samples, units]") : a.Shape[1];
        if (!features && spec.Steps is { } given && given != steps)
            throw new DatasetException(name, "shape", a.ShapeText, $"dataset.arrays.steps is {given}: leave it out or make it {steps}");
        CheckUnits(spec, name, a.ShapeText, units);
        var b = new EventBuilder(name, samples, (int)steps, (int)units);
        for (int s = 0; s < samples; s++)
            for (int t = 0; t < steps; t++)
            {
                for (int u = 0; u < units; u++)
                {
                    long index = features ? s * units + u : (s * steps + t) * units + u;
                    double v = a[index];
                    if (!double.IsFinite(v))
                        throw new DatasetException(name, features ? $"element [{s}, {u}]" : $"element [{s}, {t}, {u}]", v.ToString(CultureInfo.InvariantCulture), "finite numbers");
                    if (v != 0) b.Add(u, v);
                }
                b.EndStep();
            }
        return b;
    }

    private static EventBuilder FromCsv(ArraysSpec spec, string[] lines, int samples)
    {
        string name = spec.Inputs;
        int first = FirstNonEmpty(lines);
        if (first < 0) throw new DatasetException(name, "content", "an empty file", "one row per sample, or an event list with the header sample,step,unit[,value]");
        var header = lines[first].Split(',').Select(f => f.Trim().ToLowerInvariant()).ToArray();
        if (header.Length >= 3 && header[0] == "sample" && header[1] == "step" && header[2] == "unit")
        {
            if (header.Length > 4 || header.Length == 4 && header[3] != "value")
                throw new DatasetException(name, "line 1", $"'{Shorten(lines[first])}'", "an event list's header is sample,step,unit or sample,step,unit,value");
            return FromEvents(spec, lines, first, header.Length == 4, samples);
        }
        int steps = RequireSteps(spec, name, "a CSV of one row of features per sample");
        var rows = new List<(int Line, double[] Values)>();
        for (int i = first; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var fields = lines[i].Split(',');
            var values = new double[fields.Length];
            bool numeric = true;
            for (int j = 0; j < fields.Length && numeric; j++)
                numeric = double.TryParse(fields[j].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[j]);
            if (!numeric)
            {
                // A first line of column names is a header; anything else that is not a number is an error.
                if (i == first && fields.All(f => !double.TryParse(f.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))) continue;
                var bad = fields.Select((f, j) => (f, j)).First(x => !double.TryParse(x.f.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                throw new DatasetException(name, $"line {i + 1}, column {bad.j + 1}", $"'{Shorten(bad.f.Trim())}'", "a number");
            }
            foreach (var (v, j) in values.Select((v, j) => (v, j)))
                if (!double.IsFinite(v)) throw new DatasetException(name, $"line {i + 1}, column {j + 1}", v.ToString(CultureInfo.InvariantCulture), "a finite number");
            if (rows.Count > 0 && values.Length != rows[0].Values.Length)
                throw new DatasetException(name, $"line {i + 1}", $"{values.Length} columns", $"every row has as many columns as the first ({rows[0].Values.Length}, one per unit)");
            rows.Add((i + 1, values));
        }
        if (rows.Count != samples)
            throw new DatasetException(name, "rows", rows.Count.ToString(CultureInfo.InvariantCulture), $"one row per label ({samples})");
        int units = rows[0].Values.Length;
        CheckUnits(spec, name, $"{units} columns", units);
        var b = new EventBuilder(name, samples, steps, units);
        foreach (var (_, values) in rows)
            for (int t = 0; t < steps; t++)
            {
                for (int u = 0; u < units; u++)
                    if (values[u] != 0) b.Add(u, values[u]);
                b.EndStep();
            }
        return b;
    }

    private static EventBuilder FromEvents(ArraysSpec spec, string[] lines, int headerLine, bool withValues, int samples)
    {
        string name = spec.Inputs;
        int steps = RequireSteps(spec, name, "an event list");
        if (spec.Units is not { } units)
            throw new DatasetException(name, "units", "nothing", "an event list needs dataset.arrays.units (the number of input units)");
        var events = new List<(int Sample, int Step, int Unit, double Value, int Line)>();
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length != (withValues ? 4 : 3))
                throw new DatasetException(name, $"line {i + 1}", $"{f.Length} columns", withValues ? "sample,step,unit,value" : "sample,step,unit");
            int s = Index(name, i, "sample", f[0], samples, "one per label");
            int t = Index(name, i, "step", f[1], steps, "dataset.arrays.steps");
            int u = Index(name, i, "unit", f[2], units, "dataset.arrays.units");
            double v = 1;
            if (withValues && (!double.TryParse(f[3].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v)))
                throw new DatasetException(name, $"line {i + 1}, value", $"'{Shorten(f[3].Trim())}'", "a finite number");
            if (v != 0) events.Add((s, t, u, v, i + 1));
        }
        events.Sort((a, b) => a.Sample != b.Sample ? a.Sample.CompareTo(b.Sample) : a.Step != b.Step ? a.Step.CompareTo(b.Step) : a.Unit != b.Unit ? a.Unit.CompareTo(b.Unit) : a.Line.CompareTo(b.Line));
        var builder = new EventBuilder(name, samples, steps, units);
        int e = 0;
        for (int s = 0; s < samples; s++)
            for (int t = 0; t < steps; t++)
            {
                for (; e < events.Count && events[e].Sample == s && events[e].Step == t; e++)
                {
                    if (e > 0 && events[e - 1].Sample == s && events[e - 1].Step == t && events[e - 1].Unit == events[e].Unit)
                        throw new DatasetException(name, $"line {events[e].Line}", $"sample {s}, step {t}, unit {events[e].Unit} again (first on line {events[e - 1].Line})",
                            "at most one event per sample, step and unit");
                    builder.Add(events[e].Unit, events[e].Value);
                }
                builder.EndStep();
            }
        return builder;
    }

    private static int Index(string file, int line, string column, string text, int limit, string what)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw new DatasetException(file, $"line {line + 1}, {column}", $"'{Shorten(text.Trim())}'", "a whole number");
        if (v < 0 || v >= limit)
            throw new DatasetException(file, $"line {line + 1}, {column}", v.ToString(CultureInfo.InvariantCulture), $"0 to {limit - 1} ({what}: {limit})");
        return (int)v;
    }

    private static int RequireSteps(ArraysSpec spec, string file, string what) =>
        spec.Steps is { } steps ? steps : throw new DatasetException(file, "steps", "nothing", $"{what} needs dataset.arrays.steps (steps per sample)");

    private static void CheckUnits(ArraysSpec spec, string file, string found, long units)
    {
        if (units < 1) throw new DatasetException(file, "units", found, "at least one input unit");
        if (spec.Units is { } given && given != units)
            throw new DatasetException(file, "units", found, $"dataset.arrays.units is {given}: leave it out or make it {units}");
    }

    private static int FirstNonEmpty(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++) if (lines[i].Trim().Length > 0) return i;
        return -1;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    /// <summary>Collects events step by step, in sample and step order, refusing sets too large for int offsets.</summary>
    private sealed class EventBuilder
    {
        private readonly string _file;
        private readonly int[] _offsets;
        private readonly List<int> _units = new();
        private readonly List<float> _values = new();
        private readonly int _steps, _inputs;
        private bool _binary = true;
        private int _position;

        public EventBuilder(string file, int samples, int steps, int inputs)
        {
            if (steps < 1) throw new DatasetException(file, "steps", steps.ToString(CultureInfo.InvariantCulture), "at least 1");
            if ((long)samples * steps + 1 > int.MaxValue)
                throw new DatasetException(file, "size", $"{samples} samples of {steps} steps", $"samples·steps below {int.MaxValue}");
            _file = file; _steps = steps; _inputs = inputs;
            _offsets = new int[samples * steps + 1];
        }

        public void Add(int unit, double value)
        {
            if (_units.Count == int.MaxValue)
                throw new DatasetException(_file, "size", "more events than fit", $"at most {int.MaxValue} non-zero inputs");
            _units.Add(unit);
            float f = (float)value;
            _values.Add(f);
            if (f != 1f) _binary = false;
        }

        public void EndStep() => _offsets[++_position] = _units.Count;

        public SampleSet Build(int[] labels, int classes) =>
            new(_steps, _inputs, classes, labels, _offsets, _units.ToArray(), _binary ? null : _values.ToArray());
    }
}
