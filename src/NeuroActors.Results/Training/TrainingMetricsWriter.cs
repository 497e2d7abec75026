namespace NeuroActors.Results.Training;

/// <summary>
/// Keeps <c>metrics.json</c> and <c>metrics.csv</c> of a training run up to date: both are written when the writer is
/// made and re-written after each epoch, each to a temporary file renamed over the old one (<see cref="ReplacedFile"/>), so a run stopped at any
/// point (killed, out of time) leaves two valid files holding every finished epoch.
/// </summary>
public sealed class TrainingMetricsWriter
{
    private readonly string _dir;
    private readonly List<EpochMetrics> _epochs;

    /// <summary>Writes the files for a run that has finished <paramref name="earlier"/> (none for a new run; a resumed run's, from <see cref="TrainingMetrics.Through"/>).</summary>
    /// <param name="dir">The results directory (created if needed).</param>
    /// <param name="run">What identifies the run; its layers name the spike columns.</param>
    /// <param name="earlier">Epochs already finished, in order.</param>
    /// <exception cref="ArgumentException">A layer name that cannot be a CSV column, or earlier epochs that do not follow the rules of <see cref="Add"/>.</exception>
    /// <exception cref="ResultsException">The directory cannot be written.</exception>
    public TrainingMetricsWriter(string dir, TrainingRunInfo run, IEnumerable<EpochMetrics>? earlier = null)
    {
        foreach (var layer in run.Layers)
            if (layer.Length == 0 || layer.IndexOfAny([',', '"', '\n', '\r']) >= 0)
                throw new ArgumentException($"layer name '{layer}' cannot name a CSV column: it must be non-empty without commas, quotes or line breaks", nameof(run));
        _dir = dir;
        Run = run;
        _epochs = [];
        foreach (var e in earlier ?? [])
        {
            Check(e);
            _epochs.Add(e);
        }
        Flush();
    }

    /// <summary>What identifies the run.</summary>
    public TrainingRunInfo Run { get; }

    /// <summary>The epochs written so far.</summary>
    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    /// <summary>Path of <c>metrics.json</c>.</summary>
    public string JsonPath => Path.Combine(_dir, TrainingMetrics.JsonFileName);

    /// <summary>Path of <c>metrics.csv</c>.</summary>
    public string CsvPath => Path.Combine(_dir, TrainingMetrics.CsvFileName);

    /// <summary>Adds a finished epoch and re-writes both files.</summary>
    /// <exception cref="ArgumentException">The epoch is not the one after the last (the first may be any from 1), or its layers are not the run's.</exception>
    /// <exception cref="ResultsException">The files cannot be written.</exception>
    public void Add(EpochMetrics epoch)
    {
        Check(epoch);
        _epochs.Add(epoch);
        Flush();
    }

    private void Check(EpochMetrics e)
    {
        int expected = _epochs.Count == 0 ? Math.Max(1, e.Epoch) : _epochs[^1].Epoch + 1;
        if (e.Epoch != expected)
            throw new ArgumentException($"epoch {e.Epoch} cannot follow {(_epochs.Count == 0 ? "nothing (epochs start at 1)" : $"epoch {_epochs[^1].Epoch}")}; expected {expected}", nameof(e));
        if (!e.Layers.SequenceEqual(Run.Layers))
            throw new ArgumentException($"epoch {e.Epoch} has layers [{string.Join(", ", e.Layers)}] but the run has [{string.Join(", ", Run.Layers)}]", nameof(e));
        if (e.SpikesPerSample.Length != e.Layers.Length)
            throw new ArgumentException($"epoch {e.Epoch} has {e.SpikesPerSample.Length} spike counts for {e.Layers.Length} layers", nameof(e));
    }

    private void Flush()
    {
        var metrics = new TrainingMetrics(Run, _epochs.ToList());
        try
        {
            Directory.CreateDirectory(_dir);
            ReplacedFile.Write(CsvPath, path => File.WriteAllText(path, metrics.ToCsv()));
            ReplacedFile.Write(JsonPath, path => File.WriteAllBytes(path, metrics.ToJson()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot write training metrics to '{_dir}': {ex.Message}", ex);
        }
    }
}
