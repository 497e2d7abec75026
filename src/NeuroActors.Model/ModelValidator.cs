namespace NeuroActors.Model;

/// <summary>Semantic checks of a <see cref="NetworkSpec"/>; paths name the YAML location of each problem.</summary>
public static class ModelValidator
{
    /// <summary>Returns every problem found (empty when the model is valid).</summary>
    public static IReadOnlyList<ModelError> Validate(NetworkSpec spec)
    {
        var errors = new List<ModelError>();
        return errors;
    }

    /// <summary>Throws <see cref="ModelException"/> when <see cref="Validate"/> finds anything.</summary>
    public static void ThrowIfInvalid(NetworkSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new ModelException(errors);
    }
}
