using ScottPlot;

namespace NeuroActors.Results.Training;

/// <summary>
/// The plots of a training run, in the look of the simulator's plots (embedded font, Category10 colours, panels
/// stacked into one PNG): the learning curve, the confusion matrix and one test sample's hidden spikes.
/// </summary>
public static partial class TrainingPlots
{
    /// <summary>File name of the learning curve inside a results directory.</summary>
    public const string LearningCurveFileName = "learning-curve.png";

    /// <summary>File name of the confusion matrix inside a results directory.</summary>
    public const string ConfusionFileName = "confusion.png";

    /// <summary>File name of the hidden-spike raster inside a results directory.</summary>
    public const string HiddenRasterFileName = "hidden-raster.png";

    /// <summary>Width and height in pixels of <see cref="LearningCurveFileName"/>: a loss panel over an accuracy panel.</summary>
    public const int LearningCurveWidth = 1000, LearningCurveHeight = 2 * LearningCurvePanelHeight;

    private const int LearningCurvePanelHeight = 350;
    // Same left and right margins in both panels, so their epoch axes line up.
    private static readonly PixelPadding LossMargins = new(left: 90, right: 170, bottom: 15, top: 40);
    private static readonly PixelPadding AccuracyMargins = new(left: 90, right: 170, bottom: 55, top: 15);

    /// <summary>
    /// Draws the loss (train and test, top panel) and the accuracy in % (train and test, bottom panel) against the epoch.
    /// A run without epochs gives empty axes, a single epoch one marker per series; non-finite values (a diverged loss)
    /// and missing test figures are left out.
    /// </summary>
    public static void LearningCurve(IReadOnlyList<EpochMetrics> epochs, string path, string? title = null)
    {
        PlotFonts.EnsureRegistered();
        var palette = new ScottPlot.Palettes.Category10();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var loss = new Plot();
        var accuracy = new Plot();
        var lossValues = new List<double>();
        AddSeries(loss, "train", x, epochs.Select(e => (double?)e.TrainLoss), palette.GetColor(0), lossValues);
        AddSeries(loss, "test", x, epochs.Select(e => e.TestLoss), palette.GetColor(1), lossValues);
        AddSeries(accuracy, "train", x, epochs.Select(e => (double?)(100 * e.TrainAccuracy)), palette.GetColor(0), []);
        AddSeries(accuracy, "test", x, epochs.Select(e => e.TestAccuracy * 100), palette.GetColor(1), []);

        double first = epochs.Count == 0 ? 1 : epochs.Min(e => e.Epoch), last = epochs.Count == 0 ? 1 : epochs.Max(e => e.Epoch);
        string heading = title ?? "learning curve";
        loss.Title(epochs.Count == 0 ? $"{heading} (no epoch finished)" : heading);
        loss.YLabel("loss");
        var (low, high) = Padded(lossValues);
        loss.Axes.SetLimits(first - 0.5, last + 0.5, low, high);
        loss.Axes.Bottom.TickLabelStyle.IsVisible = false;
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy (%)");
        accuracy.Axes.SetLimits(first - 0.5, last + 0.5, -2, 102);
        foreach (var p in new[] { loss, accuracy })
        {
            p.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            p.ShowLegend(Edge.Right);
        }
        loss.Layout.Fixed(LossMargins);
        accuracy.Layout.Fixed(AccuracyMargins);
        PngFile.SaveStacked(path, LearningCurveWidth, [(loss, LearningCurvePanelHeight), (accuracy, LearningCurvePanelHeight)]);
    }

    /// <summary>Adds the finite points of one series as a line with markers (no plottable when there are none).</summary>
    private static void AddSeries(Plot plot, string name, double[] x, IEnumerable<double?> y, Color color, List<double> seen)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        int i = 0;
        foreach (var v in y)
        {
            if (v is double d && double.IsFinite(d)) { xs.Add(x[i]); ys.Add(d); }
            i++;
        }
        if (xs.Count == 0) return;
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        line.LegendText = name;
        line.MarkerSize = 6;
        seen.AddRange(ys);
    }

    /// <summary>The range of <paramref name="values"/> with 5 % room either side; [0, 1] when there are none, a unit around a single value.</summary>
    private static (double Low, double High) Padded(List<double> values)
    {
        if (values.Count == 0) return (0, 1);
        double min = values.Min(), max = values.Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) return (min - 0.5, max + 0.5);
        double pad = 0.05 * (max - min);
        return (min - pad, max + pad);
    }
}
