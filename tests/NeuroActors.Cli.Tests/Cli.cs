namespace NeuroActors.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class Cli
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    /// <summary>A model file from configs/, found from the test's working directory upwards.</summary>
    public static string Config(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) return Path.Combine(dir.FullName, "configs", name);
        throw new InvalidOperationException("repository root not found");
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "neuroactors-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a model file into a fresh directory and returns its path.</summary>
    public static string ModelFile(string yaml)
    {
        var path = Path.Combine(TempDir(), "model.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A user error: non-zero exit, one "error: …" line per problem, never a stack trace.</summary>
    public static void AssertUserError(Outcome outcome, string expected)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.All(outcome.ErrorLines, line => Assert.StartsWith("error: ", line));
        Assert.Contains(expected, outcome.Error);
        Assert.DoesNotContain("   at ", outcome.Error);
        Assert.DoesNotContain("Exception", outcome.Error);
    }
}
