namespace NeuroActors.Loihi;

/// <summary>
/// Lava's LIFReset: u and v are set to 0 at the start of every step whose Lava time step t (1 for the first step,
/// so t = step + 1) satisfies t mod <see cref="Interval"/> = <see cref="Offset"/> mod <see cref="Interval"/>; that
/// step's input is then integrated from zero.
/// </summary>
public sealed record LoihiReset
{
    /// <summary>Creates the option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An interval below 1 or a negative offset.</exception>
    public LoihiReset(int interval, int offset)
    {
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), $"reset_interval: got {interval}; valid values are 1 or more steps");
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), $"reset_offset: got {offset}; valid values are 0 or more steps");
        Interval = interval;
        Offset = offset;
    }

    /// <summary>Steps between resets.</summary>
    public int Interval { get; }

    /// <summary>Phase of the resets in Lava's time steps.</summary>
    public int Offset { get; }

    /// <summary>Whether u and v are zeroed before step <paramref name="step"/> (0 is the first step) is computed.</summary>
    public bool At(long step) => (step + 1) % Interval == Offset % Interval;
}
