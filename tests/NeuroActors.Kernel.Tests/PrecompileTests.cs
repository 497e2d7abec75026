using System.Reflection;
using System.Runtime.CompilerServices;
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
        public int Lambda() => new[] { 1, 2 }.Select(x => x + 1).Sum();
        public int CapturesThis() => new[] { 1, 2 }.Select(x => x + Sides).Sum();
        public interface INested { void Method(); }
        public delegate int Handler(int x);
    }

    // A session command and the run's step, as a shard kernel has them; their lambdas capture a local each.
    private sealed class Commands
    {
        private int _trial, _step;
        public void Step(int by) => _step += new[] { 1 }.Select(x => x + by).Sum();
        [BetweenRuns] public void Reset(int trial) => _trial = new[] { 1 }.Select(x => x + trial).Sum();
        [BetweenRuns] public int Trial { get => _trial; set => _trial = value; }

        // A type only the commands use, as the weight-entry checks are.
        [BetweenRuns]
        private readonly struct Check(int bound)
        {
            public bool Verify(int x) => x < bound;
        }
    }

    private static string[] Names(Type type) => Precompile.MethodsOf(type).Select(m => m.Name).Order().ToArray();

    [Fact]
    public void Generic_abstract_bodiless_and_compiler_written_members_are_left_out()
    {
        var shape = Names(typeof(Shape));
        Assert.Contains(".ctor", shape);
        Assert.Contains(nameof(Shape.Twice), shape);
        Assert.Contains(nameof(Shape.Lambda), shape);
        Assert.Contains(shape, n => n.StartsWith("<Lambda>b__", StringComparison.Ordinal)); // the lambda, in a nested type
        // A lambda on this alone is a compiler-generated member of the record: left out, like its equality.
        Assert.Contains(nameof(Shape.CapturesThis), shape);
        Assert.DoesNotContain(shape, n => n.StartsWith("<CapturesThis>", StringComparison.Ordinal));
        Assert.DoesNotContain(nameof(Shape.Map), shape);                                   // generic
        Assert.DoesNotContain("Method", shape);                                             // interface: no body
        Assert.DoesNotContain("Invoke", shape);                                             // delegate: the runtime's
        foreach (var written in new[] { "Equals", "GetHashCode", "ToString", "PrintMembers", "get_Sides", "<Clone>$" })
            Assert.DoesNotContain(written, shape);

        Assert.Equal([".ctor", "Echo"], Names(typeof(Awkward<int>)));
        Assert.Empty(Names(typeof(Awkward<>)));
    }

    [Fact]
    public void Between_runs_members_and_their_lambdas_are_left_out_and_the_rest_is_kept()
    {
        var names = Names(typeof(Commands));
        Assert.Contains(nameof(Commands.Step), names);
        Assert.Contains(names, n => n.StartsWith("<Step>b__", StringComparison.Ordinal));
        Assert.DoesNotContain(nameof(Commands.Reset), names);
        Assert.DoesNotContain(names, n => n.StartsWith("<Reset>", StringComparison.Ordinal));
        Assert.DoesNotContain("get_Trial", names);
        Assert.DoesNotContain("set_Trial", names);
        Assert.DoesNotContain("Verify", names);
        Assert.Contains("Verify", typeof(Commands).GetNestedTypes(BindingFlags.NonPublic).SelectMany(t => t.GetMethods()).Select(m => m.Name));
    }

    [Fact]
    public void The_kernel_compiles_its_step_and_not_its_session_commands()
    {
        var kernel = Precompile.MethodsOf(typeof(ShardKernel)).ToArray();
        Assert.Contains(kernel, m => m.Name == nameof(ShardKernel.Advance));
        var commands = typeof(ShardKernel).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsDefined(typeof(BetweenRunsAttribute), inherit: false)).ToArray();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.DoesNotContain(kernel, m => m.Name == c.Name));
    }

    [Fact]
    public void Compiling_steps_over_what_the_runtime_cannot_prepare()
    {
        // Preparing a generic method definition throws: what Types leaves out is what it must leave out.
        var map = typeof(Shape).GetMethod(nameof(Shape.Map))!;
        Assert.ThrowsAny<ArgumentException>(() => RuntimeHelpers.PrepareMethod(map.MethodHandle));

        Precompile.Types(typeof(Awkward<>), typeof(Awkward<int>), typeof(Shape), typeof(Commands));
        WindowedShard.CompileHotPaths();
    }
}
