namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>
    /// Loihi's current-based LIF compartment in fixed point, as Lava's bit-accurate model (PyLifModelBitAcc) defines
    /// it, with Lava's defaults; optional refractory period (nengo-loihi's) and periodic reset (Lava's LIFReset), off by
    /// default. Integer parameters, each one value for the population or one per neuron; integer state; weights are
    /// 8-bit mantissas scaled by the projection's <c>weight_exp</c>. Runs on the <c>loihi</c> backend only.
    /// </summary>
    public static NeuronModel LoihiLif { get; } = new("loihi_lif", listed: 8,
        [
            I("du", "1/4096", 0, IntegerRange.Unsigned(12), "current decay (u keeps (4096 − (du + 1))/4096 per step)"),
            I("dv", "1/4096", 0, IntegerRange.Unsigned(12), "voltage decay (v keeps (4096 − dv)/4096 per step)"),
            I("vth", "64 v", 10, IntegerRange.Unsigned(17), "threshold mantissa (a neuron spikes when v > vth << 6)"),
            I("bias_mant", "v", 0, IntegerRange.Signed(13), "bias mantissa (added to v every step, shifted by bias_exp)"),
            I("bias_exp", "1", 0, IntegerRange.Unsigned(3), "bias exponent (bias = bias_mant << bias_exp)"),
            I("refractory", "steps", 0, IntegerRange.Unsigned(6), "refractory period: steps v is held at 0 after a spike (0 = none)"),
            I("reset_interval", "steps", 0, new IntegerRange(0, int.MaxValue), "period of the reset of u and v (0 = never)"),
            I("reset_offset", "steps", 0, new IntegerRange(0, int.MaxValue - 1), "step within the reset period at which u and v are zeroed"),
        ],
        [
            new("u", "-", Integer: new IntegerRange(-(1L << 23) + 1, 1L << 23, 24)),
            new("v", "-", Integer: new IntegerRange(-(1L << 23) + 1, (1L << 23) - 1, 24)),
        ],
        weightUnit: "mantissa", WeightSign.Any, nativeBackend: PopulationSpec.LoihiBackend, perNeuronParameters: true);
}
