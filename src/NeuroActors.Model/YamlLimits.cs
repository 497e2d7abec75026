using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NeuroActors.Model;

/// <summary>
/// Bounds on a model file checked on the YAML parser's events before any node tree is built. YamlDotNet 16's
/// <c>YamlStream.Load</c> builds the tree recursively with no depth limit (aaubry/YamlDotNet#375: a deep file ends the
/// process with a stack overflow), and an alias is read again wherever it is used, so a small file of nested aliases
/// ("billion laughs") expands without bound in the reader.
/// </summary>
public static class YamlLimits
{
    /// <summary>Deepest nesting of lists and mappings (a model needs about 6).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Most values (scalars, lists and mappings), counting each use of an alias as the nodes it stands for. Long lists
    /// of spikes or connections belong in files (<c>spike_times: {file: …}</c>, <c>from_file</c>).
    /// </summary>
    public const long MaxNodes = 2_000_000;

    /// <summary>The refusal of a file that breaks a bound, or null when it keeps them (or is malformed: the loader reports that).</summary>
    public static ModelError? Check(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var anchored = new Dictionary<string, long>();
        // For each open collection: its anchor (or null) and the node count when it opened.
        var open = new Stack<(string? Anchor, long Start)>();
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        nodes += anchored.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty) anchored[scalar.Anchor.Value] = 1;
                        break;
                    case NodeEvent start and (SequenceStart or MappingStart):
                        nodes++;
                        if (open.Count >= MaxDepth)
                            return new ModelError($"$ (line {start.Start.Line})", $"lists and mappings nested more than {MaxDepth} deep",
                                $"a model nests at most {MaxDepth} levels");
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                        break;
                    case SequenceEnd or MappingEnd:
                        var (anchor, begun) = open.Pop();
                        if (anchor is not null) anchored[anchor] = nodes - begun + 1;
                        break;
                }
                if (nodes > MaxNodes)
                    return new ModelError($"$ (line {parser.Current!.Start.Line})", $"more than {MaxNodes:N0} values (aliases counted as what they stand for)",
                        $"a model file holds at most {MaxNodes:N0}; put long lists in files (spike_times: {{file: …}}, connector rule from_file)");
            }
        }
        catch (YamlException)
        {
            // Malformed: parsing again reports where.
        }
        return null;
    }
}
