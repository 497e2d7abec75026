using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace NeuroActors.Results;

/// <summary>
/// Makes plots carry text on any machine. ScottPlot's SkiaSharp build has no fontconfig, so a
/// machine without fonts would render plots with blank labels; DejaVu Sans is embedded instead.
/// </summary>
public static class PlotFonts
{
    /// <summary>Family name of the embedded font.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
        Fonts.Default = Family;
        return true;
    });

    /// <summary>Registers the embedded font as ScottPlot's default (idempotent, thread-safe).</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private readonly byte[] _regular = Load("DejaVuSans.ttf");
        private readonly byte[] _bold = Load("DejaVuSans-Bold.ttf");

        private static byte[] Load(string name)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"NeuroActors.Results.Fonts.{name}")
                ?? throw new InvalidOperationException($"embedded font {name} is missing from the assembly");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (!string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase)) return null;
            return SKTypeface.FromData(SKData.CreateCopy(bold ? _bold : _regular));
        }
    }
}
