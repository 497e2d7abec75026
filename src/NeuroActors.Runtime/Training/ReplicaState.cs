using System.Numerics;
using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// A replica's state (the parameters, then the optimizer's state sets) crossing between coordinator and worker as
/// <see cref="TrainingParameters"/> blocks: <see cref="Send"/> cuts a state into blocks, <see cref="Add"/> puts received
/// blocks back together, and <see cref="Take"/> hands over the whole state of one version once every value has come.
/// </summary>
internal sealed class ReplicaState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ParameterSet<T>?> _sets = [];
    private readonly List<long> _values = [];
    private long _version = -1;

    /// <summary>The blocks of <paramref name="parameters"/> and <paramref name="optimizerState"/> at <paramref name="version"/>, in order.</summary>
    public static List<TrainingParameters> Blocks(long version, ParameterSet<T> parameters, IReadOnlyList<ParameterSet<T>> optimizerState)
    {
        var blocks = TensorBlocks.Split(parameters).Select(b => new TrainingParameters(version, 0, b)).ToList();
        for (int i = 0; i < optimizerState.Count; i++) blocks.AddRange(TensorBlocks.Split(optimizerState[i]).Select(b => new TrainingParameters(version, i + 1, b)));
        return blocks;
    }

    /// <summary>Sends the state's blocks to <paramref name="to"/>.</summary>
    public static void Send(IActorRef to, IActorRef from, long version, ParameterSet<T> parameters, IReadOnlyList<ParameterSet<T>> optimizerState)
    {
        foreach (var block in Blocks(version, parameters, optimizerState)) to.Tell(block, from);
    }

    /// <summary>Adds a block; a block of another version than the last starts that version afresh.</summary>
    /// <exception cref="ArgumentException">The block does not fit the set it names.</exception>
    public void Add(TrainingParameters m)
    {
        if (m.Version != _version)
        {
            _version = m.Version;
            for (int i = 0; i < _values.Count; i++) _values[i] = 0;
        }
        while (_sets.Count <= m.Set)
        {
            _sets.Add(null);
            _values.Add(0);
        }
        // Reuse the buffer when the shapes are the same (they always are within a run).
        if (_sets[m.Set] is not { } set || !TensorBlocks.Fits(set, m.Block)) _sets[m.Set] = set = TensorBlocks.Allocate<T>(m.Block);
        TensorBlocks.Write(set, m.Block);
        _values[m.Set] += m.Block.Count;
    }

    /// <summary>
    /// The parameters and the optimizer's sets of <paramref name="version"/>, as they arrived (the buffers stay this
    /// object's: copy them before the next version comes).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another version arrived, or a set is incomplete; the message says which.</exception>
    public (ParameterSet<T> Parameters, IReadOnlyList<ParameterSet<T>> Optimizer) Take(long version)
    {
        if (version != _version || _sets.Count == 0 || _sets[0] is null)
            throw new InvalidOperationException($"the state of version {version} is needed; the state of version {_version} arrived");
        for (int i = 0; i < _sets.Count; i++)
            if (_sets[i] is not { } s || _values[i] != s.Count)
                throw new InvalidOperationException(i == 0 ? "the parameters arrived incomplete" : $"optimizer state set {i} arrived incomplete");
        return (_sets[0]!, _sets.Skip(1).Select(s => s!).ToList());
    }
}
