using System.Globalization;
using ScottPlot;

namespace NeuroActors.Results.Training;

public static partial class TrainingPlots
{
    /// <summary>Width and height in pixels of <see cref="ConfusionFileName"/>.</summary>
    public const int ConfusionWidth = 860, ConfusionHeight = 800;

    /// <summary>Counts are written in the cells up to this many classes; beyond, only the colours show them.</summary>
    public const int MaxClassesWithCounts = 20;

    private static readonly PixelPadding ConfusionMargins = new(left: 90, right: 140, bottom: 60, top: 45);

    /// <summary>Draws the confusion matrix <paramref name="counts"/> (rows true classes, columns predictions) as a heatmap.</summary>
    /// <exception cref="ArgumentException">The counts are not a non-empty square matrix of non-negative numbers.</exception>
    public static void Confusion(int[,] counts, string path) => Confusion(new ConfusionMatrix(counts), path);

    /// <summary>
    /// Draws <paramref name="matrix"/> as a heatmap of counts: true class down the left (class 0 at the top), predicted
    /// class along the bottom, a colour bar, and each count written in its cell when there are at most
    /// <see cref="MaxClassesWithCounts"/> classes. The title gives the accuracy.
    /// </summary>
    /// <param name="matrix">The counts.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="classNames">Tick labels of the classes (their numbers when null).</param>
    /// <param name="title">Text before the accuracy in the title.</param>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> does not name every class.</exception>
    public static void Confusion(ConfusionMatrix matrix, string path, IReadOnlyList<string>? classNames = null, string? title = null)
    {
        int n = matrix.Classes;
        if (classNames is not null && classNames.Count != n)
            throw new ArgumentException($"{classNames.Count} class names for {n} classes", nameof(classNames));
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        var intensities = new double[n, n];
        int max = 0;
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++) { intensities[t, p] = matrix[t, p]; max = Math.Max(max, matrix[t, p]); }
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, max));
        // With this extent and the y axis inverted below, cell [t, p] is centred on (x = p, y = t): row 0 at the top.
        heatmap.Extent = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "samples";

        if (n <= MaxClassesWithCounts)
        {
            float size = n <= 10 ? 14 : 10;
            for (int t = 0; t < n; t++)
                for (int p = 0; p < n; p++)
                {
                    var text = plot.Add.Text(matrix[t, p].ToString(CultureInfo.InvariantCulture), p, t);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontSize = size;
                    // Viridis is dark at the low end and light at the high end.
                    text.LabelFontColor = matrix[t, p] > 0.6 * Math.Max(1, max) ? Colors.Black : Colors.White;
                }
        }

        var ticks = ClassTicks(n, classNames);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Left.TickGenerator = ClassTicks(n, classNames);
        plot.Axes.SetLimits(-0.5, n - 0.5, n - 0.5, -0.5);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        string accuracy = double.IsNaN(matrix.Accuracy) ? "no samples"
            : string.Create(CultureInfo.InvariantCulture, $"accuracy {100 * matrix.Accuracy:0.##} % of {matrix.Total:N0}");
        plot.Title($"{title ?? "confusion matrix"}: {accuracy}");
        plot.Layout.Fixed(ConfusionMargins);
        PngFile.SaveStacked(path, ConfusionWidth, [(plot, ConfusionHeight)]);
    }

    /// <summary>A tick per class up to 30 classes (every k-th beyond), labelled with its name or number.</summary>
    private static ScottPlot.TickGenerators.NumericManual ClassTicks(int n, IReadOnlyList<string>? names)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int every = Math.Max(1, (n + 29) / 30);
        for (int c = 0; c < n; c += every) ticks.AddMajor(c, names?[c] ?? c.ToString(CultureInfo.InvariantCulture));
        return ticks;
    }
}
