namespace NeuroActors.Model;

/// <summary>Loads YAML model files into validated <see cref="NetworkSpec"/>s.</summary>
public static class ModelLoader
{
    /// <summary>Parses and validates YAML text; throws <see cref="ModelException"/> with every problem found.</summary>
    public static NetworkSpec Parse(string yaml)
    {
        throw new ModelException(new[] { new ModelError("$", "(model)", "the YAML loader is being written") });
    }

    /// <summary>Loads and validates a model file.</summary>
    public static NetworkSpec Load(string path) => Parse(File.ReadAllText(path));
}
