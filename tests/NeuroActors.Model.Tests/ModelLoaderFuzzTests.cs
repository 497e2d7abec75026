using System.Text;
using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>
/// Mutations of every shipped model in configs/, loaded: each is either a valid model or a <see cref="ModelException"/>
/// whose message and error lines are one line each; never another exception, a crash or a hang. The suite runs a
/// fast seeded subset; the long run (docs/reliability.md, "Input limits") sets the number of cases:
/// <c>NEUROACTORS_FUZZ_CASES=20000 dotnet test tests/NeuroActors.Model.Tests -c Release --filter FullyQualifiedName~Fuzz</c>
/// (and <c>NEUROACTORS_FUZZ_SEED</c> for other cases than the suite's).
/// </summary>
public class ModelLoaderFuzzTests
{
    /// <summary>Cases run when NEUROACTORS_FUZZ_CASES is not set.</summary>
    private const int SuiteCases = 300;

    /// <summary>Longest a case may take before it counts as a hang: far above what any case takes.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Tokens =
    [
        "0", "-1", "1e308", "-1e308", "1e-320", ".inf", "-.inf", "inf", ".nan", "nan", "2147483647", "2147483648", "-2147483649",
        "4294967296", "9223372036854775807", "99999999999999999999", "0.15", "1e9", "null", "~", "true", "''", "\"\"",
        "[]", "{}", "[[[[", "}}", "&a", "*a", "&a [1, 2]", "*b", "!!str", "!!binary", "? ", ": ", "- ", "\n", "\n  ", "\t", "#",
        "'", "\"", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "{range: [0, 2000000000]}", "{normal: [.inf, 1]}",
        "{uniform: [1, 0]}", "iaf_psc_delta", "poisson_source", "spike_source_array", "all_to_all", "from_file", "é", "\u0000",
    ];

    public static string[] ConfigFiles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln")))
                return Directory.GetFiles(Path.Combine(dir.FullName, "configs"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        throw new InvalidOperationException("repository root not found");
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    [Fact]
    public async Task Mutated_shipped_models_load_or_are_refused_with_one_line_each()
    {
        var files = ConfigFiles();
        var originals = files.Select(File.ReadAllText).ToArray();
        Assert.True(files.Length >= 10, "the shipped models are found");
        int cases = EnvInt("NEUROACTORS_FUZZ_CASES", SuiteCases);
        int seed = EnvInt("NEUROACTORS_FUZZ_SEED", 16);
        int loaded = 0, refused = 0;
        for (int i = 0; i < cases; i++)
        {
            // Not HashCode.Combine, whose seed changes with every process: a case number names the same input everywhere.
            var random = new Random(unchecked(seed * 1_000_003 + i));
            int f = random.Next(files.Length);
            string yaml = Mutate(originals[f], random);
            string where = $"case {i} (seed {seed}) from {Path.GetFileName(files[f])}";
            var load = Task.Run(() => ModelLoader.Parse(yaml, Path.GetDirectoryName(files[f])));
            try
            {
                await load.WaitAsync(CaseTimeout);
            }
            catch (ModelException refusal)
            {
                AssertOneLine(refusal, where, yaml);
                refused++;
                continue;
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{where}: no answer within {CaseTimeout.TotalSeconds} s\n{Reproduce(yaml, i)}");
            }
            catch (Exception ex)
            {
                Assert.Fail($"{where}: {ex.GetType().Name}: {ex.Message}\n{Reproduce(yaml, i)}\n{ex}");
            }
            loaded++;
        }
        // Most mutations break the model; some leave it valid (a changed number in range): both kinds are exercised.
        Assert.True(refused > 0 && (cases < 100 || loaded > 0), $"{loaded} loaded, {refused} refused");
    }

    private static void AssertOneLine(ModelException refusal, string where, string yaml)
    {
        Assert.True(refusal.Errors.Count > 0, $"{where}: a refusal without errors");
        Assert.True(refusal.Errors.Count <= ModelErrors.Cap || refusal.Errors is not ModelErrors, $"{where}: {refusal.Errors.Count} errors kept");
        foreach (var line in refusal.Lines().Append(refusal.Message))
            // The input is saved only for a failure: an interpolated message is built whether or not the assertion fails.
            if (line.Any(char.IsControl)) Assert.Fail($"{where}: a refusal spans lines: {line}\n{Reproduce(yaml, 0)}");
    }

    /// <summary>Where the failing input was saved, so that it can be loaded again by hand.</summary>
    private static string Reproduce(string yaml, int i)
    {
        var path = Path.Combine(Path.GetTempPath(), $"neuroactors-fuzz-{i}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return $"input saved to {path}";
    }

    /// <summary>One to four edits: a token inserted or substituted for a number or word, lines dropped, repeated or swapped, a cut.</summary>
    public static string Mutate(string text, Random random)
    {
        var s = new StringBuilder(text);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && s.Length > 0; e++)
        {
            int at = random.Next(s.Length);
            switch (random.Next(7))
            {
                case 0:
                    s.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                {
                    // A word or number replaced: the mutations that reach the validator with values of the right shape.
                    int start = at, end = at;
                    while (start > 0 && IsWordChar(s[start - 1])) start--;
                    while (end < s.Length && IsWordChar(s[end])) end++;
                    s.Remove(start, end - start).Insert(start, Tokens[random.Next(Tokens.Length)]);
                    break;
                }
                case 2:
                    s.Remove(at, Math.Min(s.Length - at, 1 + random.Next(40)));
                    break;
                case 3:
                {
                    var lines = s.ToString().Split('\n').ToList();
                    int a = random.Next(lines.Count), b = random.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    s.Clear().Append(string.Join('\n', lines));
                    break;
                }
                case 4:
                {
                    var lines = s.ToString().Split('\n').ToList();
                    int a = random.Next(lines.Count);
                    for (int k = random.Next(1, 4); k > 0; k--) lines.Insert(a, lines[a]);
                    s.Clear().Append(string.Join('\n', lines));
                    break;
                }
                case 5:
                    s[at] = (char)random.Next(32, 127);
                    break;
                default:
                    s.Length = at;
                    break;
            }
        }
        return s.ToString();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '+';
}
