using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// The neurons of one population slice held by a shard, stored as struct of arrays. One virtual call per group per
/// step; the loop inside runs over arrays.
/// </summary>
public abstract class NeuronGroup
{
    /// <summary>Creates a group of <paramref name="count"/> neurons.</summary>
    protected NeuronGroup(int count, double dtMs)
    {
        Count = count;
        DtMs = dtMs;
    }

    /// <summary>Number of neurons.</summary>
    public int Count { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Names of the recordable state variables, in the order of <see cref="Variable"/>.</summary>
    public abstract IReadOnlyList<string> Variables { get; }

    /// <summary>The array of variable <paramref name="index"/> (one value per neuron).</summary>
    public abstract double[] Variable(int index);

    /// <summary>
    /// Advances every neuron by one step. <paramref name="excitatory"/> and <paramref name="inhibitory"/> hold the
    /// synaptic input arriving at this step (units of the model's weights), <paramref name="current"/> the injected
    /// current in pA. Writes the indices of neurons that spiked into <paramref name="spiked"/> in ascending order and
    /// returns how many.
    /// </summary>
    /// <remarks>
    /// The update consumes its synaptic input: every element of <paramref name="excitatory"/> and
    /// <paramref name="inhibitory"/> is 0 when it returns, so the ring buffer slot they come from is ready to collect
    /// the input of step + slots without a separate pass over it. The three input spans must not overlap.
    /// <paramref name="current"/> is left as it is.
    /// </remarks>
    public abstract int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked);

    /// <summary>Integer state per neuron that is not a recordable variable (refractory countdown), or null.</summary>
    public virtual int[]? Counters => null;

    /// <summary>Name of the column that holds <see cref="Counters"/> in a state row.</summary>
    public const string CounterName = "refractory_steps";

    /// <summary>
    /// Names of the columns of a state row (<see cref="SaveNeuron"/>): the <see cref="Variables"/>, then
    /// <see cref="CounterName"/> when the group has <see cref="Counters"/>.
    /// </summary>
    public IReadOnlyList<string> StateNames => Counters is null ? Variables : [.. Variables, CounterName];

    /// <summary>Number of doubles that fully describe one neuron's state (for checkpoints).</summary>
    public int StateWidth => Variables.Count + (Counters is null ? 0 : 1);

    /// <summary>Copies neuron <paramref name="i"/>'s full state into <paramref name="state"/>.</summary>
    public void SaveNeuron(int i, Span<double> state)
    {
        for (int v = 0; v < Variables.Count; v++) state[v] = Variable(v)[i];
        if (Counters is { } c) state[Variables.Count] = c[i];
    }

    /// <summary>Restores neuron <paramref name="i"/>'s full state from <paramref name="state"/>.</summary>
    public void LoadNeuron(int i, ReadOnlySpan<double> state)
    {
        for (int v = 0; v < Variables.Count; v++) Variable(v)[i] = state[v];
        if (Counters is { } c) c[i] = (int)state[Variables.Count];
    }

    /// <summary>Called after a restore so that groups with derived state can rebuild it.</summary>
    public virtual void OnRestored(long step) { }

    /// <summary>
    /// Names of the model parameters this group's update reads (the catalogue's names, see
    /// <see cref="NeuronModel.Parameters"/>), each of which <see cref="SetParameter(string, double)"/> changes for the whole group.
    /// </summary>
    public virtual IReadOnlyList<string> Parameters => Array.Empty<string>();

    /// <summary>The value of parameter <paramref name="name"/> the update uses now.</summary>
    /// <exception cref="ArgumentException">The group has no such parameter.</exception>
    public double GetParameter(string name) => ParameterValue(name) ?? throw NoSuchParameter(name);

    /// <summary>
    /// Sets parameter <paramref name="name"/> of every neuron of the group and recomputes the constants derived from
    /// it (propagators, refractory steps). The state is kept. The caller validates the value (see
    /// <see cref="ParameterInfo.Refusal"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The group has no such parameter.</exception>
    public void SetParameter(string name, double value)
    {
        if (!TrySetParameter(name, value)) throw NoSuchParameter(name);
    }

    /// <summary>
    /// The value of parameter <paramref name="name"/> that neuron <paramref name="neuron"/> (an index within the group)
    /// uses now: the group's one value, except in models that read parameters per neuron.
    /// </summary>
    /// <exception cref="ArgumentException">The group has no such parameter.</exception>
    public double GetParameter(string name, int neuron) => ParameterValue(name, neuron) ?? throw NoSuchParameter(name);

    /// <summary>
    /// Sets parameter <paramref name="name"/> to one value per neuron of the group (<paramref name="values"/> holds
    /// <see cref="Count"/>), for models that read parameters per neuron; the caller validates the values.
    /// </summary>
    /// <exception cref="ArgumentException">The group has no such parameter, or takes one value for all its neurons.</exception>
    public void SetParameter(string name, ReadOnlySpan<double> values)
    {
        if (values.Length != Count) throw new ArgumentException($"give one value per neuron ({Count}), not {values.Length}", nameof(values));
        if (!TrySetParameter(name, values)) throw NoSuchParameter(name);
    }

    /// <summary>The parameter's value, or null when the group has no such parameter.</summary>
    protected virtual double? ParameterValue(string name) => null;

    /// <summary>The parameter's value for one neuron, or null when the group has no such parameter.</summary>
    protected virtual double? ParameterValue(string name, int neuron) => ParameterValue(name);

    /// <summary>
    /// Sets the parameter per neuron; false when the group has no such parameter. Groups that read one value for all
    /// their neurons refuse it.
    /// </summary>
    /// <exception cref="ArgumentException">The group takes one value of the parameter for all its neurons.</exception>
    protected virtual bool TrySetParameter(string name, ReadOnlySpan<double> values) =>
        ParameterValue(name) is null ? false
        : throw new ArgumentException($"{GetType().Name} takes one value of {name} for all its neurons", nameof(values));

    /// <summary>Sets the parameter and recomputes what derives from it; false when the group has no such parameter.</summary>
    protected virtual bool TrySetParameter(string name, double value) => false;

    /// <summary>Draws the group's own random spikes (Poisson sources) under <paramref name="key"/> from now on.</summary>
    internal virtual void UseRandomKey(ulong key) { }

    private ArgumentException NoSuchParameter(string name) => new(Parameters.Count == 0
        ? $"'{name}' is not a parameter: {GetType().Name} has no settable parameters"
        : $"'{name}' is not a parameter of {GetType().Name}; valid parameters are: {string.Join(", ", Parameters)}", nameof(name));

    /// <summary>Refractory period in whole steps, as NEST counts it.</summary>
    protected static int RefractorySteps(double tRefMs, double dtMs) => (int)Math.Round(tRefMs / dtMs);

    /// <summary>Index of a variable by name, or -1.</summary>
    public int VariableIndex(string name)
    {
        for (int i = 0; i < Variables.Count; i++) if (Variables[i] == name) return i;
        return -1;
    }
}
