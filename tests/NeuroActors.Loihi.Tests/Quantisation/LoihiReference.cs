namespace NeuroActors.Loihi.Tests.Quantisation;

/// <summary>
/// Loihi's compartment written out from shared/reference/loihi.md, one neuron, for comparing the quantisation with
/// the float model it stands for (the backend's own tests check the shard against Lava's equations).
/// </summary>
internal struct LoihiReference(int du, int dv, long vth, long bias, int refractory)
{
    private const long M = 1L << 23;
    public long U, V;
    private int _refractory;

    /// <summary>One step with input <paramref name="aIn"/> (already shifted by the weight exponent); true when it spikes.</summary>
    public bool Step(long aIn)
    {
        U = Trunc(U * (4096 - (du + 1))) + (aIn << 6);
        if (U > M) U -= 2 * M;
        else if (U <= -M) U += 2 * M;
        if (_refractory > 0)
        {
            _refractory--;
            V = 0;
            return false;
        }
        V = Math.Clamp(Trunc(V * (4096 - dv)) + U + bias, -(M - 1), M - 1);
        if (V <= vth << 6) return false;
        V = 0;
        _refractory = refractory;
        return true;
    }

    private static long Trunc(long x) => x >= 0 ? x >> 12 : -(-x >> 12);
}
