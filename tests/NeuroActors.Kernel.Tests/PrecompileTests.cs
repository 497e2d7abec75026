using NeuroActors.Kernel.Shard;

namespace NeuroActors.Kernel.Tests;

public class PrecompileTests
{
    // Everything a type can declare that has no single compiled form, or no body, must be stepped over, not thrown on.
    private abstract class Awkward<T>
    {
        public abstract void Abstract();
        public T Echo(T x) => x;
    }

    private sealed record Shape(int Sides)
    {
        public static int Twice(int x) => 2 * x;
        public TOut Map<TOut>(Func<int, TOut> f) => f(Sides);
        public int Lambda() => new[] { 1, 2 }.Select(x => x + Sides).Sum();
        public interface INested { void Method(); }
        public delegate int Handler(int x);
    }

    [Fact]
    public void Types_with_generic_abstract_and_compiler_written_members_are_compiled_without_error()
    {
        Precompile.Types(typeof(Awkward<>), typeof(Awkward<int>), typeof(Shape));
        WindowedShard.CompileHotPaths();
        Assert.Equal(6, Shape.Twice(3));
    }
}
