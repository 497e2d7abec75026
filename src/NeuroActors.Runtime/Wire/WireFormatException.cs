using System.Runtime.Serialization;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// The one exception the wire format throws for bytes it cannot accept (unknown manifest or version, truncated
/// buffer, trailing bytes, impossible lengths, mismatched arrays, out-of-range values) and for messages it cannot
/// encode. A receiver therefore has exactly one thing to catch and count, whatever the sender got wrong; it derives
/// from <see cref="SerializationException"/> so that Akka.NET treats it as the serialization failure it is.
/// </summary>
public sealed class WireFormatException : SerializationException
{
    /// <summary>Creates the exception with a message that names the manifest, the field and the problem.</summary>
    public WireFormatException(string message) : base(message) { }

    /// <summary>Creates the exception, keeping the low-level reader exception that revealed the problem.</summary>
    public WireFormatException(string message, Exception inner) : base(message, inner) { }
}
