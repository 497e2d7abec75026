using ScottPlot;

namespace NeuroActors.Results.Training;

public static partial class TrainingPlots
{
    /// <summary>Width and height in pixels of <see cref="HiddenRasterFileName"/>: the raster over the spikes per step.</summary>
    public const int HiddenRasterWidth = 1200, HiddenRasterHeight = HiddenRasterPanelHeight + HiddenCountPanelHeight;

    private const int HiddenRasterPanelHeight = 560, HiddenCountPanelHeight = 240;
    private static readonly PixelPadding HiddenRasterMargins = new(left: 90, right: 160, bottom: 12, top: 45);
    private static readonly PixelPadding HiddenCountMargins = new(left: 90, right: 160, bottom: 60, top: 12);

    /// <summary>
    /// Draws one sample's spikes in the hidden layers: neuron against step, the layers stacked (the first at the bottom,
    /// each in its colour, a grey line between them), and underneath each layer's spikes per step. Unlike
    /// <see cref="RasterPlot"/> (time in ms, rates in Hz) the axis is the engine's step; a training sample is small
    /// enough that every spike is drawn.
    /// </summary>
    /// <param name="layers">Each layer's name, size and spikes (step, neuron index within the layer).</param>
    /// <param name="steps">Steps of the sample.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">The title (by default "hidden spikes of one test sample").</param>
    /// <exception cref="ArgumentException"><paramref name="steps"/> or a size below 1, or a spike outside its layer or the steps.</exception>
    public static void HiddenRaster(IReadOnlyList<(string Layer, int Size, IReadOnlyList<(int Step, int Neuron)> Spikes)> layers,
        int steps, string path, string? title = null)
    {
        if (steps < 1) throw new ArgumentException($"steps must be at least 1, got {steps}", nameof(steps));
        foreach (var (name, size, spikes) in layers)
        {
            if (size < 1) throw new ArgumentException($"layer '{name}': size must be at least 1, got {size}", nameof(layers));
            foreach (var (step, neuron) in spikes)
                if ((uint)step >= (uint)steps || (uint)neuron >= (uint)size)
                    throw new ArgumentException($"layer '{name}': spike of neuron {neuron} at step {step} lies outside {size} neurons × {steps} steps", nameof(layers));
        }

        PlotFonts.EnsureRegistered();
        var palette = new ScottPlot.Palettes.Category10();
        var raster = new Plot();
        var counts = new Plot();
        var stepAxis = Enumerable.Range(0, steps).Select(s => (double)s).ToArray();
        int row = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            var (name, size, spikes) = layers[l];
            var color = palette.GetColor(l % 10);
            var markers = raster.Add.Markers(spikes.Select(s => (double)s.Step).ToArray(), spikes.Select(s => (double)(s.Neuron + row)).ToArray(),
                MarkerShape.FilledSquare, 3f, color);
            markers.LegendText = name;
            if (row > 0) raster.Add.HorizontalLine(row - 0.5, 1, Colors.Gray);
            row += size;

            var perStep = new double[steps];
            foreach (var (step, _) in spikes) perStep[step]++;
            var line = counts.Add.ScatterLine(stepAxis, perStep, color);
            line.LineWidth = 1.5f;
            line.LegendText = name;
        }

        raster.Title(title ?? "hidden spikes of one test sample");
        raster.YLabel("neuron (layers stacked)");
        raster.Axes.SetLimits(-0.5, steps - 0.5, -0.5, Math.Max(row, 1) - 0.5);
        raster.Axes.Bottom.TickLabelStyle.IsVisible = false;
        counts.XLabel("step");
        counts.YLabel("spikes per step");
        counts.Axes.SetLimitsX(-0.5, steps - 0.5);
        counts.Axes.AutoScaleY();
        counts.Axes.SetLimitsY(0, Math.Max(1, counts.Axes.GetLimits().Top));
        foreach (var p in new[] { raster, counts })
        {
            p.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            p.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            if (layers.Count > 0) p.ShowLegend(Edge.Right);
        }
        raster.Layout.Fixed(HiddenRasterMargins);
        counts.Layout.Fixed(HiddenCountMargins);
        PngFile.SaveStacked(path, HiddenRasterWidth, [(raster, HiddenRasterPanelHeight), (counts, HiddenCountPanelHeight)]);
    }
}
