using System.Collections;

namespace NeuroActors.Model;

/// <summary>
/// The errors of one model, capped: the first <see cref="Cap"/> are kept and the rest only counted, so that a large file
/// of wrong values costs neither memory nor a screenful per value.
/// </summary>
public sealed class ModelErrors : IReadOnlyList<ModelError>
{
    /// <summary>How many errors are kept and shown.</summary>
    public const int Cap = 100;

    private readonly List<ModelError> _kept = new();

    /// <summary>Errors found beyond <see cref="Cap"/>, counted but not kept.</summary>
    public long More { get; private set; }

    /// <summary>Keeps <paramref name="error"/>, or counts it when <see cref="Cap"/> are kept already.</summary>
    public void Add(ModelError error)
    {
        if (_kept.Count < Cap) _kept.Add(error);
        else More++;
    }

    /// <summary>Adds each of <paramref name="errors"/> (and what they counted beyond their own cap).</summary>
    public void AddRange(IEnumerable<ModelError> errors)
    {
        foreach (var e in errors) Add(e);
        if (errors is ModelErrors other) More += other.More;
    }

    /// <summary>The number of errors kept (at most <see cref="Cap"/>); <see cref="Total"/> counts them all.</summary>
    public int Count => _kept.Count;

    /// <summary>Every error found, kept or not.</summary>
    public long Total => _kept.Count + More;

    /// <inheritdoc/>
    public ModelError this[int index] => _kept[index];

    /// <inheritdoc/>
    public IEnumerator<ModelError> GetEnumerator() => _kept.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The line that stands for the errors not shown, e.g. "… and 12 more errors".</summary>
    public static string MoreLine(long more) => $"… and {more:N0} more error{(more == 1 ? "" : "s")}";
}
