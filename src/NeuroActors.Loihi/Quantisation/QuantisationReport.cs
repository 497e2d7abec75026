using System.Globalization;
using System.Text;

namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// The quantisation report as text: per quantised population the integers chosen beside the float quantities they
/// stand for, and per input the weight scale and the error of the quantised weights.
/// </summary>
public static class QuantisationReport
{
    /// <summary>Two tables, populations then inputs; a line saying so when nothing is quantised.</summary>
    public static string Format(QuantisedNetwork network)
    {
        if (network.Populations.Count == 0) return "No float population runs on backend loihi: nothing is quantised.\n";
        var text = new StringBuilder();
        text.AppendLine("Populations quantised onto Loihi (v = 0 is V_reset; factors are per step)");
        text.Append(Table(
            ["population", "n", "du", "current factor (exact)", "tau_syn ms (kept)", "dv", "voltage factor (exact)", "tau_m ms (kept)",
                "vth", "mV per unit", "bias_mant", "bias_exp", "bias units (exact)", "refractory"],
            network.Populations.Select(p => new[]
            {
                p.Name, N(p.Size), N(p.Du),
                $"{G(DecayConstants.CurrentFactor(p.Du))} ({G(p.CurrentFactor)})",
                $"{G(p.TauSynMs)} ({G(DecayConstants.TimeConstant(DecayConstants.CurrentFactor(p.Du), p.DtMs))})",
                N(p.Dv),
                $"{G(DecayConstants.VoltageFactor(p.Dv))} ({G(p.VoltageFactor)})",
                $"{G(p.TauMMs)} ({G(DecayConstants.TimeConstant(DecayConstants.VoltageFactor(p.Dv), p.DtMs))})",
                N(p.Vth), G(p.MvPerUnit), N(p.BiasMant), N(p.BiasExp), $"{N(p.Bias)} ({G(p.BiasUnits)})", $"{N(p.Refractory)} steps",
            })));
        text.AppendLine();
        text.AppendLine("Inputs: weights (pA) to mantissas (nearest, halves away from zero), kept as Loihi does (clipped to 8 bits, low bits dropped)");
        if (network.Inputs.Count == 0)
        {
            text.AppendLine("(none)");
            return text.ToString();
        }
        text.Append(Table(
            ["input", "target", "max |w| pA", "from", "weight_exp", "num_weight_bits", "mantissa per pA", "max mantissa",
                "max rel. error", "RMS rel. error", "max abs. error pA", "clipped", "error over"],
            network.Inputs.Select(i => new[]
            {
                i.Label, network.Population(i.Target)?.Name ?? "?", G(i.MaxAbsWeightPa), i.MaxAbsWeightFrom,
                $"{N(i.WeightExp)}{(i.WeightExpGiven ? " (given)" : "")}", N(i.NumWeightBits), G(i.MantissaPerPa),
                N(i.Mantissa(i.Inhibitory ? -i.MaxAbsWeightPa : i.MaxAbsWeightPa)), Percent(i.Error.MaxRelative), Percent(i.Error.RmsRelative),
                G(i.Error.MaxAbsolute), N(i.Error.Clipped), i.ErrorFrom,
            })));
        return text.ToString();
    }

    private static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        return text.ToString();
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (100 * value).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
