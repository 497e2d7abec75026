using System.Reflection;
using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Compiles methods before their first call. Without tiered compilation (the CLI's setting, see
/// docs/performance.md) a method's first call compiles it fully optimised, and the fifty-odd methods a run first
/// calls when its simulation starts cost about 15 ms: a tenth of a COBA second. Compiling them while the network is
/// built moves that cost to where it belongs.
/// </summary>
public static class Precompile
{
    private static readonly HashSet<Type> Done = new();

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
        BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Compiles every method and constructor with a body declared by <paramref name="types"/> and their nested types
    /// (the compiler's closures and lambdas among them), except generic ones, which have no single compiled form,
    /// members the compiler wrote itself (a record's equality and printing, property accessors), which a run does not
    /// call or which are inlined, and what is marked <see cref="BetweenRunsAttribute"/> (with the lambdas inside it,
    /// and a nested type so marked with all its members).
    /// A lambda that captures only <see langword="this"/> is such a compiler-written member of the type itself, so it
    /// too is left to its first call; lambdas that capture locals or nothing live in nested types and are compiled.
    /// </summary>
    public static void Types(params Type[] types)
    {
        foreach (var type in types)
        {
            // Once per type and process: every shard of a run asks for the same types.
            lock (Done)
                if (type.ContainsGenericParameters || !Done.Add(type)) continue;
            foreach (var method in MethodsOf(type)) RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
    }

    /// <summary>The methods and constructors <see cref="Types"/> compiles for <paramref name="type"/>.</summary>
    internal static IEnumerable<MethodBase> MethodsOf(Type type) => MethodsOf(type, []);

    /// <param name="type">The type whose methods to list, then its nested types'.</param>
    /// <param name="betweenRuns">Names of the enclosing type's methods marked <see cref="BetweenRunsAttribute"/>: a
    /// lambda the compiler moved into a nested type is named after the method it was written in (<c>&lt;Name&gt;b__…</c>).</param>
    private static IEnumerable<MethodBase> MethodsOf(Type type, HashSet<string> betweenRuns)
    {
        if (type.ContainsGenericParameters || type.IsDefined(typeof(BetweenRunsAttribute), inherit: false)) yield break;
        // Type initialisers are left out: they run once, when the runtime decides.
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared & ~BindingFlags.Static)).ToArray();
        var cold = new HashSet<string>(betweenRuns);
        foreach (var method in methods)
            if (method.IsDefined(typeof(BetweenRunsAttribute), inherit: false)) cold.Add(method.Name);
        // A property's accessors carry no attribute of their own.
        foreach (var property in type.GetProperties(Declared))
            if (property.IsDefined(typeof(BetweenRunsAttribute), inherit: false))
                foreach (var accessor in property.GetAccessors(nonPublic: true)) cold.Add(accessor.Name);
        string[] lambdasOfCold = [.. cold.Select(name => $"<{name}>")];
        foreach (var method in methods)
            if (HasBody(method) && !method.ContainsGenericParameters &&
                !method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && !cold.Contains(method.Name) &&
                !lambdasOfCold.Any(prefix => method.Name.StartsWith(prefix, StringComparison.Ordinal)))
                yield return method;
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
            foreach (var method in MethodsOf(nested, cold))
                yield return method;
    }

    /// <summary>
    /// Whether <paramref name="method"/> has IL of its own to compile: not abstract, not implemented by the runtime
    /// (a delegate's Invoke) or outside it (P/Invoke). From the metadata flags, without reading the body.
    /// </summary>
    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract && (method.Attributes & MethodAttributes.PinvokeImpl) == 0 &&
        (method.MethodImplementationFlags & (MethodImplAttributes.CodeTypeMask | MethodImplAttributes.InternalCall)) == MethodImplAttributes.IL;
}
