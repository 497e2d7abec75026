using System.Globalization;
using NeuroActors.Model;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Training;

/// <summary>
/// The model loader's <see cref="YamlReader"/> with the range checks a training config needs: every problem is recorded
/// with its path (<c>network.layers[1].beta</c>), its line, the value and what would be valid, and reading goes on.
/// </summary>
internal sealed class ConfigReader
{
    public YamlReader Yaml { get; } = new();

    public ModelErrors Errors => Yaml.Errors;

    public void Error(string path, YamlNode? node, string value, string expected) => Yaml.Error(path, node, value, expected);

    public static string Text(YamlNode? node) => node is YamlScalarNode { Value: { } v } ? YamlReader.Shorten(v) : node is null ? "nothing" : YamlReader.Show(node);

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number that, when present, must satisfy <paramref name="valid"/>; null when absent or wrong.</summary>
    public double? Number(Dictionary<string, YamlNode> m, string key, string path, Func<double, bool> valid, string expected)
    {
        if (!m.TryGetValue(key, out var node)) return null;
        var v = Yaml.Number(node, $"{path}.{key}");
        if (v is null) return null;
        if (valid(v.Value)) return v;
        Error($"{path}.{key}", node, Text(node), expected);
        return null;
    }

    public double NumberOr(Dictionary<string, YamlNode> m, string key, string path, double fallback, Func<double, bool> valid, string expected) =>
        Number(m, key, path, valid, expected) ?? fallback;

    public double? RequiredNumber(Dictionary<string, YamlNode> m, string key, string path, Func<double, bool> valid, string expected)
    {
        if (!m.ContainsKey(key))
        {
            Errors.Add(new ModelError($"{path}.{key}", "nothing", $"'{key}' is required: {expected}"));
            return null;
        }
        return Number(m, key, path, valid, expected);
    }

    /// <summary>A whole number in [min, max], or <paramref name="fallback"/> when absent (null: required).</summary>
    public int? Int(Dictionary<string, YamlNode> m, string key, string path, int? fallback, int min, int max, string what)
    {
        if (!m.TryGetValue(key, out var node))
        {
            if (fallback is null) Errors.Add(new ModelError($"{path}.{key}", "nothing", $"'{key}' is required: {what}"));
            return fallback;
        }
        var v = Yaml.Integer(node, $"{path}.{key}");
        if (v is null) return null;
        if (v >= min && v <= max) return (int)v.Value;
        Error($"{path}.{key}", node, Text(node), $"{what}: a whole number from {min} to {max}");
        return null;
    }

    public ulong? Seed(Dictionary<string, YamlNode> m, string key, string path, ulong fallback)
    {
        if (!m.TryGetValue(key, out var node)) return fallback;
        if (node is YamlScalarNode { Value: { } v } && ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
        Error($"{path}.{key}", node, Text(node), $"a whole number from 0 to {ulong.MaxValue}");
        return null;
    }

    public bool Bool(Dictionary<string, YamlNode> m, string key, string path, bool fallback) =>
        m.TryGetValue(key, out var node) ? Yaml.Bool(node, $"{path}.{key}") ?? fallback : fallback;

    /// <summary>One of <paramref name="choices"/> by name, or <paramref name="fallback"/> when absent (null: required).</summary>
    public T? Choice<T>(Dictionary<string, YamlNode> m, string key, string path, T? fallback, params (string Name, T Value)[] choices) where T : struct
    {
        string valid = string.Join(", ", choices.Select(c => c.Name));
        if (!m.TryGetValue(key, out var node))
        {
            if (fallback is null) Errors.Add(new ModelError($"{path}.{key}", "nothing", $"'{key}' is required: one of {valid}"));
            return fallback;
        }
        string? name = Yaml.String(node, $"{path}.{key}");
        if (name is null) return null;
        foreach (var (n, v) in choices)
            if (n == name) return v;
        Error($"{path}.{key}", node, $"'{YamlReader.Shorten(name)}'", $"valid values are: {valid}");
        return null;
    }

    /// <summary>Refuses the keys of <paramref name="keys"/> that are present, saying why.</summary>
    public void NotHere(Dictionary<string, YamlNode> m, string path, string why, params string[] keys)
    {
        foreach (var key in keys)
            if (m.TryGetValue(key, out var node)) Error($"{path}.{key}", node, $"'{key}'", why);
    }

    /// <summary>
    /// A decay in [0, 1] (or [0, 1) unless <paramref name="closedAbove"/>) given directly (<paramref name="decayKey"/>) or as a time constant τ &gt; 0
    /// (<paramref name="tauKey"/>, in the unit of dt): exp(−dt/τ). Null when neither is given or a value is wrong.
    /// </summary>
    public double? Decay(Dictionary<string, YamlNode> m, string path, string decayKey, string tauKey, double dt, bool closedAbove, string what)
    {
        bool hasDecay = m.ContainsKey(decayKey), hasTau = m.ContainsKey(tauKey);
        if (hasDecay && hasTau)
        {
            Error($"{path}.{tauKey}", m[tauKey], Text(m[tauKey]), $"give {decayKey} or {tauKey}, not both");
            return null;
        }
        string range = closedAbove ? "[0, 1]" : "[0, 1)";
        if (hasDecay)
            return Number(m, decayKey, path, v => v >= 0 && (closedAbove ? v <= 1 : v < 1), $"{what} {decayKey}: a number in {range}");
        if (hasTau)
        {
            var tau = Number(m, tauKey, path, v => v > 0 && (closedAbove || double.IsFinite(v)),
                closedAbove ? $"{what} time constant: a number > 0 (inf for no leak), in the unit of network.dt" : $"{what} time constant: a finite number > 0, in the unit of network.dt");
            return tau is null ? null : Math.Exp(-dt / tau.Value);
        }
        return null;
    }
}
