using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroActors.Cli;

/// <summary>
/// <c>model/accuracy.json</c> of a training run: the test accuracy of the exported network measured through the
/// simulator beside the engine's on the same samples, and on how many of them the two chose the same class; and the
/// accuracy of the network's Loihi variant (quantised) on them, or why it has none.
/// </summary>
internal static class ExportReport
{
    /// <summary>
    /// Writes the report. <paramref name="loihi"/> is the Loihi variant's result (correct trials, and trials where it chose
    /// the float simulator's class), or null with <paramref name="loihiRefusal"/> saying in one line why it did not run.
    /// </summary>
    public static void Write(string path, int samples, int engineCorrect, int simulatorCorrect, int sameClass,
        (int Correct, int SameAsFloat)? loihi = null, string? loihiRefusal = null)
    {
        object loihiReport = loihi is { } l
            ? new { correct = l.Correct, accuracy = (double)l.Correct / samples, same_class_as_simulator = l.SameAsFloat }
            : new { refused = loihiRefusal ?? "not run" };
        var report = new
        {
            samples,
            engine = new { correct = engineCorrect, accuracy = (double)engineCorrect / samples },
            simulator = new { correct = simulatorCorrect, accuracy = (double)simulatorCorrect / samples },
            same_class = sameClass,
            loihi = loihiReport,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
