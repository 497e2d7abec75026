using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace NeuroActors.Cli.Tests;

/// <summary>The command-line synopsis in README.md names exactly the options each command accepts.</summary>
public partial class ReadmeSynopsisTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Cli.Config("x"))!)!, "README.md"));

    /// <summary>Each command's synopsis: its "neuroactors NAME" line and the indented lines that continue it.</summary>
    private static Dictionary<string, string> Synopses()
    {
        var text = Readme;
        int start = text.IndexOf("## The command line", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section 'The command line'");
        int open = text.IndexOf("```\n", start, StringComparison.Ordinal) + 4;
        int close = text.IndexOf("```", open, StringComparison.Ordinal);
        var synopses = new Dictionary<string, string>();
        string? current = null;
        foreach (var line in text[open..close].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("neuroactors ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[1];
                synopses[current] = line;
            }
            else
            {
                Assert.NotNull(current);
                synopses[current] += " " + line.Trim();
            }
        }
        return synopses;
    }

    [Fact]
    public void Every_command_and_every_option_is_in_the_synopsis_and_nothing_else()
    {
        var root = CliApp.Parse([]).RootCommandResult.Command;
        var synopses = Synopses();
        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(), synopses.Keys.Order());

        foreach (var command in root.Subcommands)
        {
            // A command with subcommands (cert create) is written with theirs.
            var accepted = command.Options.Concat(command.Subcommands.SelectMany(c => c.Options))
                .Where(o => o is not HelpOption && o is not VersionOption).Select(o => o.Name).Distinct().Order().ToArray();
            var written = LongOption().Matches(synopses[command.Name]).Select(m => m.Value).Distinct().Order().ToArray();
            Assert.True(accepted.SequenceEqual(written),
                $"neuroactors {command.Name}: the CLI accepts [{string.Join(' ', accepted)}], README.md names [{string.Join(' ', written)}]");
        }
    }

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex LongOption();
}
