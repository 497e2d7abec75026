namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>Izhikevich (2003), with the regular-spiking parameters as defaults.</summary>
    public static NeuronModel Izhikevich { get; } = new("izhikevich", listed: 4,
        [
            P("a", "1/ms", 0.02, -Inf, Inf, "recovery time scale"),
            P("b", "1", 0.2, -Inf, Inf, "recovery sensitivity"),
            P("c", "mV", -65, -Inf, Inf, "after-spike reset of v"),
            P("d", "mV", 8, -Inf, Inf, "after-spike increment of u"),
            P("v_th", "mV", 30, -Inf, Inf, "spike cut-off"),
            P("i_e", "pA", 0, -Inf, Inf, "constant input (the paper's I)"),
        ],
        [new("v", "mV", pop => pop.Param("c")), new("u", "mV/ms", pop => pop.Param("b") * pop.Param("c"))],
        weightUnit: "mV", WeightSign.Any);
}
