using System.Diagnostics.Metrics;

namespace NeuroActors.Telemetry.Tests;

/// <summary>One measurement seen by <see cref="MeasurementRecorder"/>.</summary>
internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>Listens to every NeuroActors instrument and keeps what is recorded, as a back end would see it.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];

    public MeasurementRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TelemetryNames.Source)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    /// <summary>Measurements whose <c>node</c> tag is <paramref name="node"/>.</summary>
    public List<Recorded> ForNode(string node)
    {
        lock (_recorded)
        {
            return _recorded.Where(r => r.Tags.TryGetValue(TelemetryNames.TagNode, out var n) && (string?)n == node).ToList();
        }
    }

    public List<Recorded> ForInstrument(string instrument)
    {
        lock (_recorded)
        {
            return _recorded.Where(r => r.Instrument == instrument).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_recorded)
        {
            _recorded.Add(new Recorded(instrument.Name, value, copy));
        }
    }
}
