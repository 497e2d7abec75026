using System.Text;
using Akka.Configuration;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// The HOCON that puts <see cref="NeuroActorsSerializer"/> in charge of every message in
/// <see cref="WireManifests.All"/> and makes Akka.NET refuse any type without an explicit binding
/// (<c>akka.actor.serialization-settings.allow-unregistered-types = false</c>; the default would silently fall back to
/// JSON for an unbound type, which works locally and fails, slowly and late, across nodes). Add it to every system
/// that runs NeuroActors actors, local or remote.
/// </summary>
public static class WireConfig
{
    /// <summary>Name of the serializer in <c>akka.actor.serializers</c>.</summary>
    public const string SerializerName = "neuroactors";

    /// <summary>The binding configuration; combine with <c>WithFallback</c>.</summary>
    public static Config Hocon { get; } = ConfigurationFactory.ParseString(Text());

    private static string Text()
    {
        string serializer = QualifiedName(typeof(NeuroActorsSerializer));
        var text = new StringBuilder();
        text.AppendLine("akka.actor {");
        text.AppendLine($"  serializers {{ {SerializerName} = \"{serializer}\" }}");
        text.AppendLine("  serialization-bindings {");
        foreach (var (type, _) in WireManifests.All) text.AppendLine($"    \"{QualifiedName(type)}\" = {SerializerName}");
        text.AppendLine("  }");
        text.AppendLine($"  serialization-identifiers {{ \"{serializer}\" = {NeuroActorsSerializer.SerializerId} }}");
        text.AppendLine("  serialization-settings.allow-unregistered-types = false");
        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>"Namespace.Type, Assembly": the form Akka.NET resolves, free of version numbers.</summary>
    private static string QualifiedName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
