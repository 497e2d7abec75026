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
        int max = 0;
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++) max = Math.Max(max, matrix[t, p]);
        // Cells are rectangles rather than ScottPlot's Heatmap, whose placement against an inverted axis shifts its
        // cells; cell [t, p] spans x = p ± 0.5, y = t ± 0.5, and the inverted y axis puts true class 0 at the top.
        var colours = new CountColours(Math.Max(1, max));
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++)
            {
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, t - 0.5, t + 0.5);
                cell.FillColor = colours.Colormap.GetColor(matrix[t, p] / (double)colours.Max);
                cell.LineColor = cell.FillColor; // no seams between neighbours
                cell.LineWidth = 1;
            }
        var bar = plot.Add.ColorBar(colours);
        bar.Label = "samples";
        bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

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

    /// <summary>The colour scale of the counts, from 0 to the largest, for the colour bar.</summary>
    private sealed class CountColours(int max) : IHasColorAxis
    {
        public int Max => max;

        public IColormap Colormap { get; set; } = new ScottPlot.Colormaps.Viridis();

        public ScottPlot.Range GetRange() => new(0, max);
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
