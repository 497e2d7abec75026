using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Model;

/// <summary>
/// Reads typed values out of a YAML node tree, recording every problem with its path and line instead of
/// stopping at the first one.
/// </summary>
internal sealed class YamlReader
{
    public ModelErrors Errors { get; } = new();

    public void Error(string path, YamlNode? node, string value, string expected) =>
        Errors.Add(new ModelError(node is null ? path : $"{path} (line {node.Start.Line})", value, expected));

    public static string Show(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null ? "null" : $"'{Shorten(s.Value)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "?",
    };

    /// <summary>A value short enough for one line of an error message.</summary>
    public static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    /// <summary>The mapping's keys as strings; reports keys not in <paramref name="allowed"/>.</summary>
    public Dictionary<string, YamlNode> Mapping(YamlNode? node, string path, params string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>();
        if (node is not YamlMappingNode map)
        {
            if (node is not null) Error(path, node, Show(node), "expected a mapping of keys to values");
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? "";
            if (allowed.Length > 0 && !allowed.Contains(key))
            {
                key = Shorten(key);
                Error($"{path}.{key}", k, $"unknown key '{key}'", $"valid keys here are: {string.Join(", ", allowed)}");
                continue;
            }
            result[key] = v;
        }
        return result;
    }

    public List<YamlNode> Sequence(YamlNode? node, string path)
    {
        if (node is YamlSequenceNode seq) return seq.Children.ToList();
        if (node is not null) Error(path, node, Show(node), "expected a list");
        return new List<YamlNode>();
    }

    public YamlNode? Required(Dictionary<string, YamlNode> map, string key, string path, string what)
    {
        if (map.TryGetValue(key, out var node)) return node;
        Errors.Add(new ModelError($"{path}.{key}", "nothing", $"'{key}' is required: {what}"));
        return null;
    }

    public string? String(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } v } && v.Length > 0) return v;
        Error(path, node, Show(node), "expected a non-empty text value");
        return null;
    }

    public double? Number(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } v })
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "inf" or ".inf" or "infinity": return double.PositiveInfinity;
                case "-inf" or "-.inf" or "-infinity": return double.NegativeInfinity;
            }
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d)) return d;
        }
        Error(path, node, Show(node), "expected a number");
        return null;
    }

    public long? Integer(YamlNode? node, string path, long min = long.MinValue)
    {
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } v } && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            if (n >= min) return n;
            Error(path, node, v, $"expected a whole number of at least {min}");
            return null;
        }
        Error(path, node, Show(node), "expected a whole number");
        return null;
    }

    public bool? Bool(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } v } && bool.TryParse(v, out var b)) return b;
        Error(path, node, Show(node), "expected true or false");
        return null;
    }

    public double[]? Numbers(YamlNode? node, string path)
    {
        if (node is null) return null;
        var items = Sequence(node, path);
        if (node is not YamlSequenceNode) return null;
        var result = new double[items.Count];
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            var d = Number(items[i], $"{path}[{i}]");
            if (d is null) ok = false; else result[i] = d.Value;
        }
        return ok ? result : null;
    }

    /// <summary>
    /// A list of indices, or {range: [start, stop]} meaning start..stop−1. A range is built no further than one index
    /// beyond <paramref name="limit"/> (the largest population's size), so that it never outgrows every population.
    /// </summary>
    public int[]? Indices(YamlNode? node, string path, long limit = int.MaxValue)
    {
        limit = Math.Min(limit, int.MaxValue);
        if (node is null) return null;
        if (node is YamlMappingNode)
        {
            var map = Mapping(node, path, "range");
            var range = Numbers(Required(map, "range", path, "[start, stop) of neuron indices"), $"{path}.range");
            if (range is null) return null;
            if (range.Length != 2 || range[0] < 0 || range[1] <= range[0] || range[0] != Math.Floor(range[0]) || range[1] != Math.Floor(range[1]))
            {
                Error($"{path}.range", node, $"[{string.Join(", ", range)}]", "expected [start, stop] with whole numbers 0 <= start < stop");
                return null;
            }
            if (range[0] >= int.MaxValue)
            {
                Error($"{path}.range", node, $"[{string.Join(", ", range)}]", $"a neuron index must lie below the population's size (at most {int.MaxValue - 1})");
                return null;
            }
            // A range is built only up to the first index beyond the largest population, which the validator then names.
            long stop = (long)Math.Max(range[0] + 1, Math.Min(range[1], Math.Min(limit + 1.0, int.MaxValue)));
            return Enumerable.Range((int)range[0], (int)(stop - (long)range[0])).ToArray();
        }
        var items = Sequence(node, path);
        if (node is not YamlSequenceNode) return null;
        var result = new int[items.Count];
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            var n = Integer(items[i], $"{path}[{i}]", 0);
            if (n > int.MaxValue)
            {
                // Refused here, never dropped: a list left empty would mean "every neuron".
                Error($"{path}[{i}]", items[i], n.Value.ToString(CultureInfo.InvariantCulture), $"a neuron index must lie below the population's size (at most {int.MaxValue - 1})");
                n = null;
            }
            if (n is null) ok = false; else result[i] = (int)n.Value;
        }
        return ok ? result : null;
    }

    /// <summary>A number, or a one-key mapping naming a distribution and its parameters as a list.</summary>
    public Distribution? Distribution(YamlNode? node, string path)
    {
        if (node is null) return null;
        if (node is YamlScalarNode)
        {
            var d = Number(node, path);
            return d is null ? null : Model.Distribution.Constant(d.Value);
        }
        const string kinds = "a number, or {uniform: [low, high]}, {normal: [mean, std]}, {normal_clipped: [mean, std, low, high]}, {lognormal: [mu, sigma]}";
        if (node is not YamlMappingNode map || map.Children.Count != 1)
        {
            Error(path, node, Show(node), $"expected {kinds}");
            return null;
        }
        var (keyNode, argsNode) = map.Children.First();
        string kind = (keyNode as YamlScalarNode)?.Value ?? "";
        int arity = kind switch { "uniform" or "normal" or "lognormal" => 2, "normal_clipped" => 4, _ => -1 };
        if (arity < 0)
        {
            Error($"{path}.{kind}", keyNode, $"unknown distribution '{kind}'", $"expected {kinds}");
            return null;
        }
        var a = Numbers(argsNode, $"{path}.{kind}");
        if (a is null) return null;
        if (a.Length != arity)
        {
            Error($"{path}.{kind}", argsNode, $"{a.Length} values", $"{kind} takes {arity} values");
            return null;
        }
        return kind switch
        {
            "uniform" => Model.Distribution.Uniform(a[0], a[1]),
            "normal" => Model.Distribution.Normal(a[0], a[1]),
            "lognormal" => Model.Distribution.Lognormal(a[0], a[1]),
            _ => Model.Distribution.NormalClipped(a[0], a[1], a[2], a[3]),
        };
    }

    public static YamlNode? Parse(string yaml, ModelErrors errors)
    {
        try
        {
            // Bounds first, on the parser's events (which hold nothing): the node tree is built recursively and each alias
            // is read again wherever it is used.
            if (YamlLimits.Check(yaml) is { } refusal)
            {
                errors.Add(refusal);
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0)
            {
                errors.Add(new ModelError("$", "an empty file", "a model needs at least 'populations'"));
                return null;
            }
            return stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            string reason = ex.InnerException?.Message ?? ex.Message;
            errors.Add(new ModelError($"$ (line {ex.Start.Line}, column {ex.Start.Column})", "malformed YAML", reason));
            return null;
        }
        catch (ArgumentException)
        {
            // YamlDotNet 16 throws this when its parser yields an event its node tree cannot place, e.g. for an empty
            // key ("  : x") followed by a key indented less (found by ModelLoaderFuzzTests).
            errors.Add(new ModelError("$", "malformed YAML", "the parser met a value it cannot place: check the indentation of keys and list items, and look for a ':' with no key before it"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 throws this instead of a YamlException when a flow collection is left open at the end of the file.
            int lines = yaml.Split('\n').Length;
            errors.Add(new ModelError($"$ (line {lines})", "malformed YAML", "the parser stopped at the end of the file: look for an unclosed '{', '[' or quote"));
            return null;
        }
    }
}
