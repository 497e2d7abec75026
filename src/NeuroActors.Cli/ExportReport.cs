using System.Text.Json;

namespace NeuroActors.Cli;

/// <summary>
/// <c>model/accuracy.json</c> of a training run: the test accuracy of the exported network measured through the
/// simulator beside the engine's on the same samples, and on how many of them the two chose the same class.
/// </summary>
internal static class ExportReport
{
    public static void Write(string path, int samples, int engineCorrect, int simulatorCorrect, int sameClass)
    {
        var report = new
        {
            samples,
            engine = new { correct = engineCorrect, accuracy = (double)engineCorrect / samples },
            simulator = new { correct = simulatorCorrect, accuracy = (double)simulatorCorrect / samples },
            same_class = sameClass,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
