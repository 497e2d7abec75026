namespace NeuroActors.Routing;

/// <summary>
/// Thrown when a valid model cannot be mapped onto the machine as asked: keys that need more than 32 bits,
/// a routing table that does not fit its router even after compression. The model is fine; the mapping
/// choices (neurons per slice, number of nodes, router profile) are what must change, and the message says which.
/// </summary>
public sealed class MappingException : Exception
{
    /// <summary>Creates the exception with a message that names what does not fit and by how much.</summary>
    public MappingException(string message) : base(message)
    {
    }
}
