namespace NeuroActors.Model;

/// <summary>One problem in a model: where it is (a YAML-style path such as <c>projections[2].synapse.delay</c>), the bad value and what would be valid.</summary>
public sealed record ModelError(string Path, string Value, string Expected)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: got {Value}; {Expected}";
}

/// <summary>Thrown when a model is invalid; carries every error found, not just the first.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception from a non-empty error list.</summary>
    public ModelException(IReadOnlyList<ModelError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} errors in model: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>All errors found.</summary>
    public IReadOnlyList<ModelError> Errors { get; }
}
