using System.Diagnostics;

namespace NeuroActors.Results.Tests.Training;

/// <summary>Debian's python3 with NumPy, the independent reader and writer of .npy files.</summary>
internal static class Numpy
{
    public const string Python = "/usr/bin/python3";

    public static readonly Lazy<bool> Available = new(() =>
    {
        try { return File.Exists(Python) && Run("import numpy").ExitCode == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    });

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> as sys.argv[1:].</summary>
    public static (int ExitCode, string Output, string Error) Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>Runs the script and returns its output, failing the test with its error when it fails.</summary>
    public static string Check(string script, params string[] args)
    {
        var (code, output, error) = Run(script, args);
        Assert.True(code == 0, $"python3 failed: {error}");
        return output;
    }
}

/// <summary>A fact that is skipped, saying why, where /usr/bin/python3 has no NumPy.</summary>
internal sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (!Numpy.Available.Value) Skip = $"{Numpy.Python} with numpy is not available (apt-get install python3-numpy)";
    }
}
