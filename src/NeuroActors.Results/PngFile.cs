using ScottPlot;
using SkiaSharp;

namespace NeuroActors.Results;

/// <summary>Stacks plot panels vertically into one PNG.</summary>
internal static class PngFile
{
    /// <summary>
    /// Renders each panel at the full width and the given height, top to bottom. Panels are rendered
    /// on surfaces of their own because a ScottPlot render clears the whole canvas it is given.
    /// </summary>
    public static void SaveStacked(string path, int width, IReadOnlyList<(Plot Plot, int Height)> panels)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, panels.Sum(p => p.Height)));
        surface.Canvas.Clear(SKColors.White);
        int top = 0;
        foreach (var (plot, height) in panels)
        {
            using var panel = SKSurface.Create(new SKImageInfo(width, height));
            plot.Render(panel);
            using var image = panel.Snapshot();
            surface.Canvas.DrawImage(image, 0, top);
            top += height;
        }
        using var result = surface.Snapshot();
        using var data = result.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
