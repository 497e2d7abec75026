namespace NeuroActors.Training.Tests;

/// <summary>Where the committed fixtures are (copied next to the test assembly).</summary>
internal static class Fixtures
{
    public static string Npy => Path.Combine(AppContext.BaseDirectory, "Fixtures", "npy");

    public static string NpyFile(string name) => Path.Combine(Npy, name);

    /// <summary>A fresh folder under the temp directory for files a test writes.</summary>
    public static string TempFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "na-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
