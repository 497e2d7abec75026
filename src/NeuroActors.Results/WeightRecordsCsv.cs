using System.Globalization;

namespace NeuroActors.Results;

/// <summary>
/// A weight recorder's output, <c>weights-recorded.csv</c>: a header <c>projection,source,target,time_ms,weight</c>, then
/// one row per update of a recorded synapse, sorted by time, then projection (model order), source and target (indices
/// within their populations); the synapses of one pair (multapses) in their generation order. The time is that of the
/// presynaptic spike that made the update, (step + 1)·dt as for spikes; the weight is the stored single-precision value,
/// written with the fewest digits that read back to it.
/// </summary>
public sealed class WeightRecordsCsv : IDisposable
{
    /// <summary>The file's name in a results directory.</summary>
    public const string FileName = "weights-recorded.csv";

    /// <summary>The header line.</summary>
    public const string Header = "projection,source,target,time_ms,weight";

    private readonly StreamWriter _writer;

    /// <summary>Creates <paramref name="path"/> and writes the header.</summary>
    public WeightRecordsCsv(string path)
    {
        _writer = new StreamWriter(path, append: false) { NewLine = "\n" };
        _writer.WriteLine(Header);
    }

    /// <summary>Writes one record.</summary>
    public void Write(string projection, int source, int target, double timeMs, float weight)
    {
        _writer.Write(projection);
        _writer.Write(',');
        _writer.Write(source.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(target.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(SpikesCsv.FormatTime(timeMs));
        _writer.Write(',');
        _writer.WriteLine(weight.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
