using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Loihi;

namespace NeuroActors.Loihi.Tests;

/// <summary>
/// The vectorised compartment update at every width this machine has must equal the scalar reference loop
/// (64-bit intermediates, a literal reading of Lava's equations) bit for bit, on random states that include the
/// edges: both ends of u's wrap, saturated v, int32's extremes, the parameters' extremes, a tail below a vector.
/// </summary>
public class CompartmentWidthTests
{
    private const int M = 1 << 23;

    public static TheoryData<int> Paths()
    {
        var paths = new TheoryData<int> { (int)SimdPath.Scalar };
        if (Avx2.IsSupported) paths.Add((int)SimdPath.Vector256);
        if (Avx512F.IsSupported) paths.Add((int)SimdPath.Vector512);
        return paths;
    }

    private static readonly int[] EdgeState =
        [0, 1, -1, M, M - 1, M + 1, -M, -M + 1, -M - 1, 2 * M, -2 * M, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 4095, -4095, 4096, -4096];

    private static readonly int[] EdgeInput =
        [0, 1, -1, 1 << 17, (1 << 17) + 1, -(1 << 17), -(1 << 17) + 1, int.MaxValue, int.MinValue, 1 << 25, -(1 << 25), 255, -256];

    private static int Pick(Random rng, int[] edges, int min, int max) =>
        rng.Next(3) == 0 ? edges[rng.Next(edges.Length)] : rng.Next(min, max);

    private static (LoihiCompartments A, LoihiCompartments B) Pair(Random rng, int count, LoihiReset? reset)
    {
        var a = new LoihiCompartments(count, reset);
        var b = new LoihiCompartments(count, reset);
        foreach (string name in new[] { "du", "dv", "vth", "bias_mant", "bias_exp", "refractory" })
        {
            var (min, max) = LoihiFixedPoint.Range(name);
            var values = new int[count];
            for (int i = 0; i < count; i++) values[i] = rng.Next(4) == 0 ? (rng.Next(2) == 0 ? min : max) : rng.Next(min, max + 1);
            if (name == "refractory") for (int i = 0; i < count; i++) values[i] %= 4;
            if (name == "vth") for (int i = 0; i < count; i++) if (rng.Next(2) == 0) values[i] %= 64;
            a.SetParameter(name, values);
            b.SetParameter(name, values);
        }
        for (int i = 0; i < count; i++)
        {
            a.U[i] = b.U[i] = Pick(rng, EdgeState, -M, M);
            a.V[i] = b.V[i] = Pick(rng, EdgeState, -M, M);
            a.RefractoryCounter[i] = b.RefractoryCounter[i] = rng.Next(3);
        }
        return (a, b);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryWidthEqualsTheScalarReference(int path)
    {
        var rng = new Random(1234 + path);
        foreach (int count in new[] { 1, 7, 16, 37, 1003 })
        foreach (var reset in new LoihiReset?[] { null, new LoihiReset(5, 2) })
        {
            var (vector, reference) = Pair(rng, count, reset);
            var inV = new int[count];
            var inR = new int[count];
            var spV = new int[count];
            var spR = new int[count];
            long total = 0;
            for (long step = 0; step < 40; step++)
            {
                for (int i = 0; i < count; i++) inV[i] = inR[i] = Pick(rng, EdgeInput, -2000, 2000);
                int nV = vector.Step(step, inV, spV, (SimdPath)path);
                int nR = CompartmentReference.Step(reference, step, inR, spR);
                Assert.Equal(spR.AsSpan(0, nR).ToArray(), spV.AsSpan(0, nV).ToArray());
                Assert.Equal(reference.U, vector.U);
                Assert.Equal(reference.V, vector.V);
                Assert.Equal(reference.RefractoryCounter, vector.RefractoryCounter);
                Assert.All(inV, x => Assert.Equal(0, x));
                total += nR;
            }
            if (count > 100) Assert.InRange(total, 1, 40L * count - 1); // the random states both spike and stay quiet
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DecayOfExtremeStatesMatchesSixtyFourBitArithmetic(int path)
    {
        // Every state edge with every decay edge, one per lane, no input: the lanes' 32-bit split of the product
        // against the reference's 64-bit product cast back to int32.
        int[] decays = [0, 1, 2, 2047, 2048, 4094, 4095];
        int count = EdgeState.Length * decays.Length;
        var vector = new LoihiCompartments(count);
        var reference = new LoihiCompartments(count);
        var du = new int[count];
        var dv = new int[count];
        for (int s = 0, i = 0; s < EdgeState.Length; s++)
        for (int d = 0; d < decays.Length; d++, i++)
        {
            vector.U[i] = reference.U[i] = vector.V[i] = reference.V[i] = EdgeState[s];
            du[i] = decays[d];
            dv[i] = decays[(d + 3) % decays.Length];
        }
        foreach (var c in new[] { vector, reference })
        {
            c.SetParameter("du", du);
            c.SetParameter("dv", dv);
            c.SetParameter("vth", [131071]);
        }
        for (long step = 0; step < 3; step++)
        {
            int nV = vector.Step(step, new int[count], new int[count], (SimdPath)path);
            int nR = CompartmentReference.Step(reference, step, new int[count], new int[count]);
            Assert.Equal(nR, nV);
            Assert.Equal(reference.U, vector.U);
            Assert.Equal(reference.V, vector.V);
        }
    }
}
