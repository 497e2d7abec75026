using System.Numerics;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// Builds a <see cref="SynapseTable"/> in two passes over the same generated synapses, so that nothing but the
/// final 8-byte rows is ever held: the first pass only counts each source's synapses per receptor
/// (<see cref="Count"/>), <see cref="Allocate"/> lays out the rows, and the second pass writes every synapse
/// straight into its place (<see cref="Place"/>). Within a row the excitatory synapses come first and each
/// receptor's keep the order in which they were placed — a stable counting sort on the source, so the order in
/// which a spike's weights are added is fixed by generation order alone, whatever the partition.
/// </summary>
public sealed class SynapseTableBuilder
{
    private readonly int _totalNeurons, _localNeurons, _targetBits, _maxDelayFits;
    // Pass 1: synapses per source, per receptor. After Allocate: the next free place of each source's
    // receptor block, which pass 2 advances.
    private readonly int[] _nextExcitatory, _nextInhibitory;
    private int[]? _inhibitoryStart, _rowStart;
    private uint[]? _packed;
    private float[]? _weight;
    private int _maxDelay;
    private long _counted, _placed;

    /// <summary>Starts an empty table for a network of <paramref name="totalNeurons"/> global ids and a shard of <paramref name="localNeurons"/>.</summary>
    public SynapseTableBuilder(int totalNeurons, int localNeurons)
    {
        _totalNeurons = totalNeurons;
        _localNeurons = localNeurons;
        _targetBits = BitsFor(localNeurons);
        // What is left of the word after the target field and the receptor bit holds the delay.
        int delayBits = 32 - _targetBits - 1;
        _maxDelayFits = delayBits >= 31 ? int.MaxValue : (1 << delayBits) - 1;
        _nextExcitatory = new int[totalNeurons];
        _nextInhibitory = new int[totalNeurons];
    }

    /// <summary>True once <see cref="Allocate"/> has run: synapses are placed, no longer counted.</summary>
    public bool Placing => _packed is not null;

    /// <summary>First pass: one more synapse of <paramref name="receptor"/> (0 excitatory, 1 inhibitory) from <paramref name="sourceGid"/>.</summary>
    public void Count(int receptor, int sourceGid)
    {
        if (Placing) throw new InvalidOperationException("synapses are counted before Allocate, not after");
        if (receptor == 0) _nextExcitatory[sourceGid]++; else _nextInhibitory[sourceGid]++;
        _counted++;
    }

    /// <summary>Lays out the rows from the counts and allocates the final arrays.</summary>
    /// <exception cref="InvalidOperationException">The shard holds more synapses than one array can.</exception>
    public void Allocate()
    {
        if (Placing) throw new InvalidOperationException("Allocate runs once");
        if (_counted > Array.MaxLength)
            throw new InvalidOperationException($"a shard cannot hold {_counted} synapses (at most {Array.MaxLength}): cut the network into more shards");
        var rowStart = new int[_totalNeurons + 1];
        var inhibitoryStart = new int[_totalNeurons];
        for (int s = 0; s < _totalNeurons; s++)
        {
            int ex = _nextExcitatory[s], inh = _nextInhibitory[s];
            _nextExcitatory[s] = rowStart[s];
            _nextInhibitory[s] = inhibitoryStart[s] = rowStart[s] + ex;
            rowStart[s + 1] = rowStart[s] + ex + inh;
        }
        _rowStart = rowStart;
        _inhibitoryStart = inhibitoryStart;
        _packed = new uint[_counted];
        _weight = new float[_counted];
    }

    /// <summary>Second pass: writes one synapse into the next free place of its source's row.</summary>
    /// <exception cref="InvalidOperationException">The delay does not fit the word left by this shard's target field.</exception>
    public void Place(int receptor, int sourceGid, int localTarget, float weight, int delay)
    {
        var packed = _packed ?? throw new InvalidOperationException("Allocate before placing synapses");
        if ((uint)delay > (uint)_maxDelayFits)
            throw new InvalidOperationException(
                $"a shard of {_localNeurons} neurons with delays up to {delay} steps needs {_targetBits} target bits + 1 receptor bit + "
                + $"{BitsFor(delay + 1)} delay bits, more than a 32-bit synapse word: cut the network into more shards or use shorter delays");
        int at = receptor == 0 ? _nextExcitatory[sourceGid]++ : _nextInhibitory[sourceGid]++;
        packed[at] = (uint)localTarget | ((uint)receptor << _targetBits) | ((uint)delay << (_targetBits + 1));
        _weight![at] = weight;
        if (delay > _maxDelay) _maxDelay = delay;
        _placed++;
    }

    /// <summary>
    /// Second pass: the place the next synapse of <paramref name="receptor"/> from <paramref name="sourceGid"/> will
    /// take. Read before and after a projection is placed, it bounds that projection's run in the row.
    /// </summary>
    public int NextPlace(int receptor, int sourceGid)
    {
        if (!Placing) throw new InvalidOperationException("places exist after Allocate");
        return receptor == 0 ? _nextExcitatory[sourceGid] : _nextInhibitory[sourceGid];
    }

    /// <summary>The finished table.</summary>
    /// <exception cref="InvalidOperationException">The second pass did not place exactly the synapses the first counted.</exception>
    public SynapseTable Build()
    {
        if (!Placing) Allocate();
        var rowStart = _rowStart!;
        bool same = _placed == _counted;
        for (int s = 0; same && s < _totalNeurons; s++)
            same = _nextExcitatory[s] == _inhibitoryStart![s] && _nextInhibitory[s] == rowStart[s + 1];
        // Generation is a pure function of the model, so this only fails if the two passes ran different code.
        if (!same) throw new InvalidOperationException($"the second pass placed {_placed} synapses where the first counted {_counted}, or in other rows");
        return new SynapseTable(rowStart, _packed!, _weight!, _targetBits, _maxDelay);
    }

    internal static int BitsFor(int count) => count <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(count - 1));
}
