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
    /// (the compiler's closures and lambdas among them), except generic ones, which have no single compiled form, and
    /// members the compiler wrote itself (a record's equality and printing, property accessors), which a run does not
    /// call or which are inlined.
    /// </summary>
    public static void Types(params Type[] types)
    {
        foreach (var type in types)
        {
            // Once per type and process: every shard of a run asks for the same types.
            lock (Done)
                if (type.ContainsGenericParameters || !Done.Add(type)) continue;
            // Type initialisers are left out: they run once, when the runtime decides.
            var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared & ~BindingFlags.Static));
            foreach (var method in methods)
                if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null &&
                    !method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
            Types(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic));
        }
    }
}
